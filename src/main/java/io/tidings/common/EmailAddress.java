package io.tidings.common;

import java.util.Optional;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/**
 * A single, syntactically valid email address ({@code local@domain.tld}).
 *
 * @param value the address as the client sent it, trimmed
 */
public record EmailAddress(String value) {

	/**
	 * Parses {@code raw} strictly (RFC 822 via Jakarta Mail) and asks for a dotted
	 * domain.
	 * @param raw what the client sent
	 * @return the address, or empty when it is not one address
	 */
	public static Optional<EmailAddress> parse(String raw) {
		if (raw == null || raw.isBlank() || raw.length() > 254) {
			return Optional.empty();
		}
		String trimmed = raw.strip();
		try {
			InternetAddress address = new InternetAddress(trimmed, true);
			address.validate();
			String bare = address.getAddress();
			int at = bare.lastIndexOf('@');
			if (!bare.equals(trimmed) || at < 1 || bare.indexOf('.', at) < 0 || bare.endsWith(".")) {
				return Optional.empty();
			}
			return Optional.of(new EmailAddress(bare));
		}
		catch (AddressException ex) {
			return Optional.empty();
		}
	}

	/**
	 * The part before the {@code @}.
	 */
	public String localPart() {
		return this.value.substring(0, this.value.lastIndexOf('@'));
	}

	@Override
	public String toString() {
		return this.value;
	}

}
