package io.tidings.notification;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;

import io.tidings.support.IntegrationTest;
import io.tidings.support.MutableClock;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The send queue's reads that are not claims.
 */
@IntegrationTest
class SendQueueIntegrationTests {

	@Autowired
	TidingsClient client;

	@Autowired
	SendQueue queue;

	@Autowired
	MutableClock clock;

	@Test
	void theNextDueTimeIsLookedForOnlyFromTheGivenTimeOn() {
		TestBot bot = this.client.newBot(null);
		// at a random second 20-28 days ahead (30 at most), one second apart: no other
		// test's notification is due between them
		Instant first = this.clock.instant()
			.plus(Duration.ofDays(20))
			.plusSeconds(ThreadLocalRandom.current().nextInt(8 * 86_400))
			.truncatedTo(ChronoUnit.MILLIS);
		Instant second = first.plusSeconds(1);
		bot.send("whatsapp", "919876543215", "{\"scheduleAt\":\"" + first + "\"}");
		bot.send("whatsapp", "919876543216", "{\"scheduleAt\":\"" + second + "\"}");

		assertThat(this.queue.nextDue(first)).isEqualTo(first);
		assertThat(this.queue.nextDue(first.plusMillis(1))).isEqualTo(second);
		assertThat(this.queue.nextDue(second.plusMillis(1))).satisfiesAnyOf((next) -> assertThat(next).isNull(),
				(next) -> assertThat(next).isAfter(second));
	}

}
