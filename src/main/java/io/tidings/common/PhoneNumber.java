package io.tidings.common;

import java.util.Optional;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;

/**
 * A phone number in E.164 form without the leading {@code +} ("919876543210").
 *
 * @param digits the country code and national number
 */
public record PhoneNumber(String digits) {

	/**
	 * Digits in groups split by one separator ({@code -}, {@code .} or spaces), a group
	 * optionally in parentheses, with an optional leading {@code +} (API.md §13).
	 */
	private static final Pattern SHAPE = Pattern.compile("\\+?\\(?[0-9]++\\)?(?: *+[.-]? *+\\(?[0-9]++\\)?)*+");

	private static final Pattern LEADING_OR_TRAILING_SPACES = Pattern.compile("^ +| +$");

	private static final Pattern NOT_DIGIT = Pattern.compile("[^0-9]");

	private static final Pattern COUNTRY_CODE = Pattern.compile("[0-9]{1,3}");

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
		// digits, with a + or without, as most clients send them, have the shape as they
		// are; only spaces around a number are forgiven, not tabs, line breaks or other
		// spacing
		boolean plain = plain(raw);
		String cleaned = plain ? raw : LEADING_OR_TRAILING_SPACES.matcher(raw).replaceAll("");
		if (cleaned.isEmpty() || cleaned.length() > 32 || !(plain || SHAPE.matcher(cleaned).matches())) {
			return Optional.empty();
		}
		String digits = plain ? (raw.startsWith("+") ? raw.substring(1) : raw)
				: NOT_DIGIT.matcher(cleaned).replaceAll("");
		if (cleaned.startsWith("+") || digits.startsWith("00")) {
			String international = "+"
					+ (digits.startsWith("00") && !cleaned.startsWith("+") ? digits.substring(2) : digits);
			return parse(international, null, true).or(() -> parse(international, null, false));
		}
		// valid numbers first (international, then national); then numbers that merely
		// have a possible length, as carriers allocate ranges before libphonenumber's
		// metadata knows them
		String international = "+" + digits;
		return parse(international, null, true).or(() -> parse(digits, region(defaultCountryCode), true))
			.or(() -> parse(international, null, false))
			.or(() -> parse(digits, region(defaultCountryCode), false));
	}

	/**
	 * ASCII digits, one at least, after an optional {@code +}.
	 */
	private static boolean plain(String raw) {
		int start = raw.startsWith("+") ? 1 : 0;
		return raw.length() > start && InternationalDigits.digitsFrom(raw, start);
	}

	private static String region(String defaultCountryCode) {
		if (defaultCountryCode == null || !COUNTRY_CODE.matcher(defaultCountryCode).matches()) {
			return "ZZ";
		}
		return UTIL.getRegionCodeForCountryCode(Integer.parseInt(defaultCountryCode));
	}

	private static Optional<PhoneNumber> parse(String text, String region, boolean strict) {
		if (region != null && region.equals("ZZ")) {
			return Optional.empty();
		}
		try {
			Phonenumber.PhoneNumber number = read(text, region);
			boolean ok = strict ? UTIL.isValidNumber(number)
					: UTIL.isPossibleNumberWithReason(number) == PhoneNumberUtil.ValidationResult.IS_POSSIBLE
							&& UTIL.getRegionCodeForCountryCode(number.getCountryCode()) != null
							&& !"ZZ".equals(UTIL.getRegionCodeForCountryCode(number.getCountryCode()));
			return ok ? Optional.of(of(number)) : Optional.empty();
		}
		catch (NumberParseException ex) {
			return Optional.empty();
		}
	}

	/**
	 * {@code UTIL.parse(text, region)}, read without the library's general steps when
	 * {@code text} is {@code +} and digits (every number but a national one comes so).
	 */
	private static Phonenumber.PhoneNumber read(String text, String region) throws NumberParseException {
		if (region == null && text.startsWith("+")) {
			Phonenumber.PhoneNumber number = InternationalDigits.read(text.substring(1));
			if (number != null) {
				return number;
			}
		}
		return UTIL.parse(text, region);
	}

	private static PhoneNumber of(Phonenumber.PhoneNumber number) {
		return new PhoneNumber(number.getCountryCode() + "" + number.getNationalNumber());
	}

	@Override
	public String toString() {
		return this.digits;
	}

}
