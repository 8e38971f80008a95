package io.tidings.common;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonenumber;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import com.google.i18n.phonenumbers.metadata.source.MetadataSource;

/**
 * What {@code PhoneNumberUtil.parse("+" + digits, null)} gives for a string of ASCII
 * digits, without its general steps: looking for a phone context, an extension, letters
 * or punctuation, none of which digits can hold, costs most of a push's time in
 * libphonenumber (JFR). It takes the country code as the library does (the shortest of
 * one to three leading digits that is a calling code) and declines, so that the caller
 * asks the library, every number whose national part the library would change or refuse:
 * one the region's national prefix for parsing could be stripped from, one with a leading
 * zero, one too short or too long. Only the library's metadata is read, never copied.
 * {@code PhoneNumberTests} holds it to the library's answers for every calling code.
 */
final class InternationalDigits {

	private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

	private static final MetadataSource METADATA = DefaultMetadataDependenciesProvider.getInstance()
		.getPhoneNumberMetadataSource();

	// PhoneNumberUtil's MIN_LENGTH_FOR_NSN and MAX_LENGTH_FOR_NSN
	private static final int SHORTEST_NATIONAL = 2;

	private static final int LONGEST_NATIONAL = 17;

	private static final boolean[] CALLING_CODE = callingCodes();

	private static final Pattern NONE = Pattern.compile("(?!)");

	// PhoneNumberUtil's REGION_CODE_FOR_NON_GEO_ENTITY
	private static final String NON_GEOGRAPHIC = "001";

	/**
	 * National prefix for parsing by calling code, as the library's parse reads it (the
	 * main region's, or the non-geographic entity's).
	 */
	private static final Map<Integer, Pattern> NATIONAL_PREFIX = new ConcurrentHashMap<>();

	private InternationalDigits() {
	}

	/**
	 * @param digits ASCII digits only: the country code and the national number
	 * @return the number as the library would parse it, or null when the library must be
	 * asked
	 */
	static Phonenumber.PhoneNumber read(String digits) {
		int length = digits.length();
		// the library wants three digits at least, and no country code starts with 0
		if (length < 3 || digits.charAt(0) == '0' || !digitsFrom(digits, 0)) {
			return null;
		}
		int code = 0;
		int national = 0;
		for (int i = 0; i < 3 && i < length; i++) {
			code = code * 10 + (digits.charAt(i) - '0');
			if (CALLING_CODE[code]) {
				national = i + 1;
				break;
			}
		}
		int nationalLength = length - national;
		if (national == 0 || nationalLength < SHORTEST_NATIONAL || nationalLength > LONGEST_NATIONAL
				|| digits.charAt(national) == '0') {
			return null;
		}
		String nationalNumber = digits.substring(national);
		Pattern prefix = NATIONAL_PREFIX.computeIfAbsent(code, InternationalDigits::nationalPrefix);
		if (prefix == null || prefix.matcher(nationalNumber).lookingAt()) {
			return null;
		}
		return new Phonenumber.PhoneNumber().setCountryCode(code).setNationalNumber(Long.parseLong(nationalNumber));
	}

	/**
	 * Whether {@code text} holds only ASCII digits from {@code start} on.
	 */
	static boolean digitsFrom(String text, int start) {
		for (int i = start; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return false;
			}
		}
		return true;
	}

	private static boolean[] callingCodes() {
		boolean[] codes = new boolean[1000];
		for (int code : UTIL.getSupportedCallingCodes()) {
			if (code > 0 && code < 1000) {
				codes[code] = true;
			}
		}
		return codes;
	}

	/**
	 * @return the pattern, one that never matches when there is none, or null when the
	 * metadata cannot be read here (the library is asked)
	 */
	private static Pattern nationalPrefix(int code) {
		String region = UTIL.getRegionCodeForCountryCode(code);
		PhoneMetadata metadata;
		try {
			metadata = NON_GEOGRAPHIC.equals(region) ? METADATA.getMetadataForNonGeographicalRegion(code)
					: METADATA.getMetadataForRegion(region);
		}
		catch (RuntimeException ex) {
			return null;
		}
		if (metadata == null) {
			return null;
		}
		String prefix = metadata.getNationalPrefixForParsing();
		return (prefix == null || prefix.isEmpty()) ? NONE : Pattern.compile(prefix);
	}

}
