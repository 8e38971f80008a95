package io.tidings.common;

import java.util.Random;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PhoneNumberTests {

	@Test
	void numberWithPlusIsInternational() {
		assertThat(PhoneNumber.parse("+593 99 123 4567", "91")).contains(new PhoneNumber("593991234567"));
	}

	@Test
	void numberWithoutPlusIsFirstReadAsInternational() {
		assertThat(PhoneNumber.parse("919876543210", "1")).contains(new PhoneNumber("919876543210"));
		assertThat(PhoneNumber.parse("593991234567", "91")).contains(new PhoneNumber("593991234567"));
	}

	@Test
	void nationalNumberGetsTheDefaultCountryCode() {
		assertThat(PhoneNumber.parse("9876543210", "91")).contains(new PhoneNumber("919876543210"));
		assertThat(PhoneNumber.parse("0991234567", "593")).contains(new PhoneNumber("593991234567"));
	}

	@Test
	void internationalPrefixZeroZeroIsUnderstood() {
		assertThat(PhoneNumber.parse("00919876543210", "1")).contains(new PhoneNumber("919876543210"));
	}

	@Test
	void invalidNumbersAreRefused() {
		assertThat(PhoneNumber.parse("12", "91")).isEmpty();
		assertThat(PhoneNumber.parse("not a number", "91")).isEmpty();
		assertThat(PhoneNumber.parse("", "91")).isEmpty();
		assertThat(PhoneNumber.parse(null, "91")).isEmpty();
		assertThat(PhoneNumber.parse("+0000000000", "91")).isEmpty();
	}

	@Test
	void digitsAreReadAsTheLibraryParsesThemForEveryCallingCode() {
		PhoneNumberUtil util = PhoneNumberUtil.getInstance();
		Random random = new Random(11);
		int compared = 0;
		int read = 0;
		for (int code : util.getSupportedCallingCodes()) {
			for (int first = 0; first <= 9; first++) {
				for (int length = 1; length <= 18; length++) {
					for (int sample = 0; sample < 6; sample++) {
						StringBuilder digits = new StringBuilder().append(code).append(first);
						for (int i = 1; i < length; i++) {
							digits.append(random.nextInt(10));
						}
						compared++;
						read += sameAsTheLibrary(util, digits.toString()) ? 1 : 0;
					}
				}
			}
		}
		for (String region : util.getSupportedRegions()) {
			for (PhoneNumberUtil.PhoneNumberType type : PhoneNumberUtil.PhoneNumberType.values()) {
				Phonenumber.PhoneNumber example = util.getExampleNumberForType(region, type);
				if (example != null) {
					compared++;
					read += sameAsTheLibrary(util,
							util.format(example, PhoneNumberUtil.PhoneNumberFormat.E164).substring(1)) ? 1 : 0;
				}
			}
		}
		// most numbers take the short way: a reader that declined them all would pass the
		// comparisons and save nothing
		assertThat(read).as("read without the library, of %d", compared).isGreaterThan(compared / 2);
		assertThat(InternationalDigits.read("919876543212")).isNotNull();
		assertThat(InternationalDigits.read("+919876543212")).isNull();
		assertThat(InternationalDigits.read("91 9876543212")).isNull();
	}

	/**
	 * @return whether the reader answered (rather than declining)
	 */
	private static boolean sameAsTheLibrary(PhoneNumberUtil util, String digits) {
		Phonenumber.PhoneNumber fast = InternationalDigits.read(digits);
		Phonenumber.PhoneNumber library;
		try {
			library = util.parse("+" + digits, null);
		}
		catch (NumberParseException ex) {
			assertThat(fast).as("%s, which the library refuses (%s)", digits, ex.getErrorType()).isNull();
			return false;
		}
		if (fast == null) {
			return false;
		}
		assertThat(fast.exactlySameAs(library)).as("%s: %s, the library %s", digits, fast, library).isTrue();
		assertThat(util.isValidNumber(fast)).isEqualTo(util.isValidNumber(library));
		return true;
	}

}
