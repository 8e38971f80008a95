package io.tidings.notification;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConversationWindowTests {

	private final Instant wrote = Instant.parse("2026-03-01T10:00:00Z");

	@Test
	void openForTwentyFourHoursAfterTheUserWrote() {
		assertThat(ConversationWindow.isOpen(this.wrote, this.wrote)).isTrue();
		assertThat(ConversationWindow.isOpen(this.wrote, this.wrote.plus(Duration.ofHours(24)).minusMillis(1)))
			.isTrue();
	}

	@Test
	void closedFromTheTwentyFourthHourOn() {
		assertThat(ConversationWindow.isOpen(this.wrote, this.wrote.plus(Duration.ofHours(24)))).isFalse();
		assertThat(ConversationWindow.isOpen(this.wrote, this.wrote.plus(Duration.ofDays(3)))).isFalse();
	}

	@Test
	void closedWhenTheUserNeverWrote() {
		assertThat(ConversationWindow.isOpen(null, this.wrote)).isFalse();
	}

}
