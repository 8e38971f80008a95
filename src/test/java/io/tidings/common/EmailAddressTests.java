package io.tidings.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EmailAddressTests {

	@Test
	void plainAddressIsAccepted() {
		assertThat(EmailAddress.parse(" someone@example.com ")).contains(new EmailAddress("someone@example.com"));
		assertThat(EmailAddress.parse("first.last+tag@sub.example.co")).isPresent();
	}

	@Test
	void malformedAddressesAreRefused() {
		assertThat(EmailAddress.parse("no-at-sign")).isEmpty();
		assertThat(EmailAddress.parse("a@localhost")).isEmpty();
		assertThat(EmailAddress.parse("a@b@c.com")).isEmpty();
		assertThat(EmailAddress.parse("Name <a@example.com>")).isEmpty();
		assertThat(EmailAddress.parse("a@example.com, b@example.com")).isEmpty();
		assertThat(EmailAddress.parse("")).isEmpty();
	}

	@Test
	void localPartIsWhatComesBeforeTheAt() {
		assertThat(new EmailAddress("bounce@example.com").localPart()).isEqualTo("bounce");
	}

}
