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
	void eventsOfNotificationsMadeInTheLastFiveDaysAreNotAnnounced() {
		Instant now = Instant.now();
		assertThat(OutboxWindow.late(TimeOrderedId.next(), now)).isFalse();
		assertThat(OutboxWindow.late(id(now.minus(Duration.ofDays(5)).plusSeconds(60)), now)).isFalse();
		assertThat(OutboxWindow.late(id(now.plus(Duration.ofHours(11))), now)).isFalse();
	}

	@Test
	void eventsOfOlderNotificationsOrOfIdsFarAheadAreAnnounced() {
		Instant now = Instant.now();
		assertThat(OutboxWindow.late(id(now.minus(Duration.ofDays(5)).minusSeconds(60)), now)).isTrue();
		assertThat(OutboxWindow.late(id(now.minus(Duration.ofDays(400))), now)).isTrue();
		assertThat(OutboxWindow.late(id(now.plus(Duration.ofHours(13))), now)).isTrue();
		// not UUIDv7 (kept in the default partition)
		assertThat(OutboxWindow.late(new UUID(-1, -1), now)).isTrue();
		assertThat(OutboxWindow.late(new UUID(0, 1), now)).isTrue();
	}

	@Test
	void theReadersWindowHoldsEveryUnannouncedEventWithTwoDaysToSpare() {
		UUID[] window = OutboxWindow.read(true);
		Instant now = Instant.now();
		// the oldest id a writer leaves unannounced, read two days later
		assertThat(TimeOrderedId.DATABASE_ORDER.compare(window[0], id(now.minus(Duration.ofDays(5))))).isLessThan(0);
		assertThat(TimeOrderedId.DATABASE_ORDER.compare(window[0], id(now.minus(Duration.ofDays(7)).plusSeconds(60))))
			.isLessThan(0);
		assertThat(TimeOrderedId.DATABASE_ORDER.compare(window[1], id(now.plus(Duration.ofHours(12)))))
			.isGreaterThan(0);
		UUID[] all = OutboxWindow.read(false);
		assertThat(TimeOrderedId.DATABASE_ORDER.compare(all[0], new UUID(0, 1))).isLessThan(0);
		assertThat(all[1]).isEqualTo(new UUID(-1, -1));
	}

	private static UUID id(Instant time) {
		return new UUID((time.toEpochMilli() << 16) | 0x7000, 0x8000_0000_0000_0001L);
	}

}
