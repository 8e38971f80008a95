package io.tidings.common;

import java.util.Optional;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;

/**
 * A phone number in E.164 form without the leading {@code +} ("919876543210").
 *
 * @param digits the country code and national number
 */
public record PhoneNumber(String digits) {

	private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

	/**
	 * Normalises {@code raw}. A number with {@code +} is international; one without is
	 * first read as international (country code included) and only if that is not a valid
	 * number, as a national number of the default country (API.md §4).
	 * @param raw what the client sent
	 * @param defaultCountryCode calling code of the bot's default country, e.g. "91"
	 * @return the number, or empty when it is not a valid phone number
	 */
	public static Optional<PhoneNumber> parse(String raw, String defaultCountryCode) {
		if (raw == null) {
			return Optional.empty();
		}
		String cleaned = raw.strip();
		if (cleaned.isEmpty() || cleaned.length() > 32 || !cleaned.matches("\\+?[0-9 ()./-]+")) {
			return Optional.empty();
		}
		if (cleaned.startsWith("+")) {
			return valid(cleaned);
		}
		String digits = cleaned.replaceAll("[^0-9]", "");
		if (digits.startsWith("00")) {
			return valid("+" + digits.substring(2));
		}
		Optional<PhoneNumber> international = valid("+" + digits);
		if (international.isPresent()) {
			return international;
		}
		return national(digits, defaultCountryCode);
	}

	private static Optional<PhoneNumber> national(String digits, String defaultCountryCode) {
		if (defaultCountryCode == null || defaultCountryCode.isBlank()) {
			return Optional.empty();
		}
		String region = UTIL.getRegionCodeForCountryCode(Integer.parseInt(defaultCountryCode));
		try {
			Phonenumber.PhoneNumber number = UTIL.parse(digits, region);
			return UTIL.isValidNumber(number) ? Optional.of(of(number)) : Optional.empty();
		}
		catch (NumberParseException ex) {
			return Optional.empty();
		}
	}

	private static Optional<PhoneNumber> valid(String international) {
		try {
			Phonenumber.PhoneNumber number = UTIL.parse(international, null);
			return UTIL.isValidNumber(number) ? Optional.of(of(number)) : Optional.empty();
		}
		catch (NumberParseException ex) {
			return Optional.empty();
		}
	}

	private static PhoneNumber of(Phonenumber.PhoneNumber number) {
		return new PhoneNumber(number.getCountryCode() + "" + number.getNationalNumber());
	}

	@Override
	public String toString() {
		return this.digits;
	}

}
