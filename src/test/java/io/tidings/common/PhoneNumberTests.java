package io.tidings.common;

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

}
