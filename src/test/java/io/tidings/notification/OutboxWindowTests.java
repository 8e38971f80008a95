package io.tidings.notification;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.tidings.common.TimeOrderedId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which notifications' events the callback stream reads from the recent days, and which
 * must be announced to it: every event a writer does not announce lies in the readers'
 * window, with days to spare.
 */
class OutboxWindowTests {

	@Test
	void eventsOfNotificationsMadeInTheLastFiveDaysOrLaterAreNotAnnounced() {
		Instant now = Instant.now();
		assertThat(OutboxWindow.late(TimeOrderedId.next(), now)).isFalse();
		assertThat(OutboxWindow.late(id(now.minus(Duration.ofDays(5)).plusSeconds(60)), now)).isFalse();
		assertThat(OutboxWindow.late(id(now.plus(Duration.ofDays(30))), now)).isFalse();
		// not UUIDv7, above the bound (kept in the default partition, which reads
		// include)
		assertThat(OutboxWindow.late(new UUID(-1, -1), now)).isFalse();
	}

	@Test
	void eventsOfOlderNotificationsAreAnnounced() {
		Instant now = Instant.now();
		assertThat(OutboxWindow.late(id(now.minus(Duration.ofDays(5)).minusSeconds(60)), now)).isTrue();
		assertThat(OutboxWindow.late(id(now.minus(Duration.ofDays(400))), now)).isTrue();
		// not UUIDv7, below the bound
		assertThat(OutboxWindow.late(new UUID(0, 1), now)).isTrue();
	}

	@Test
	void theReadersWindowHoldsEveryUnannouncedEventWithTwoDaysToSpare() {
		UUID since = OutboxWindow.read(true);
		Instant now = Instant.now();
		// the oldest id a writer leaves unannounced, read two days later
		assertThat(TimeOrderedId.DATABASE_ORDER.compare(since, id(now.minus(Duration.ofDays(5))))).isLessThan(0);
		assertThat(TimeOrderedId.DATABASE_ORDER.compare(since, id(now.minus(Duration.ofDays(7)).plusSeconds(60))))
			.isLessThan(0);
		assertThat(OutboxWindow.read(false)).isEqualTo(new UUID(0, 0));
	}

	private static UUID id(Instant time) {
		return new UUID((time.toEpochMilli() << 16) | 0x7000, 0x8000_0000_0000_0001L);
	}

}
