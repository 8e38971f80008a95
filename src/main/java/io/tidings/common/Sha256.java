package io.tidings.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 in lower-case hex. Each hash clones one prototype digest:
 * {@code MessageDigest.getInstance} looks the algorithm up among the security providers
 * and checks its constraints on every call, which was 1.4% of the JVM's samples per push
 * (the API key's hash) in the SMS side by side.
 */
public final class Sha256 {

	private static final MessageDigest PROTOTYPE = newDigest();

	private Sha256() {
	}

	/**
	 * The hash of the value's UTF-8 bytes.
	 */
	public static String hex(String value) {
		return hex(value.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The hash of these bytes.
	 */
	public static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(digest().digest(bytes));
	}

	// the JDK's own provider clones its SHA-256; another provider's may not, and then
	// each hash gets a new digest, as before
	private static MessageDigest digest() {
		try {
			return (MessageDigest) PROTOTYPE.clone();
		}
		catch (CloneNotSupportedException ex) {
			return newDigest();
		}
	}

	private static MessageDigest newDigest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
