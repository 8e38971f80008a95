package io.tidings.notification;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.tidings.support.IntegrationTest;
import io.tidings.support.MutableClock;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

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

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	TimePartitions partitions;

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

	@Test
	void theNextDueTimeIsReadWithinBoundsOfTheIndexAndStopsBeforeHeldNotifications() {
		// held notifications wait at 'infinity', the end of the due_at index: as a
		// filter, the scan of an idle queue read every one of them (a second per call
		// for a paused campaign of 1,000,000); as the range's end, it stops before them
		// as on a large queue: the test database's tables are small enough to read whole
		List<String> plan = this.transactions.execute((tx) -> {
			this.jdbc.execute("set local enable_seqscan = off");
			return this.jdbc.queryForList("explain " + SendQueue.NEXT_DUE, String.class,
					Timestamp.from(this.clock.instant()), "infinity", SendQueue.window(true)[0],
					SendQueue.window(true)[1]);
		});
		assertThat(plan).anySatisfy((line) -> assertThat(line).contains("Index Cond")
			.contains("due_at >=")
			.contains("due_at <")
			.contains("'infinity'"));
		assertThat(plan).noneSatisfy((line) -> assertThat(line).contains("Filter").contains("due_at"));
	}

	@Test
	void claimsFromAFloorLookOnlyAtTheDayPartitionsOfTheLastWeekAndFullClaimsAtAll() {
		// a deployment keeping 90 days has a hundred day partitions, each with its own
		// queue index: a claim that probed them all cost about 1 ms, idle or not
		LocalDate old = LocalDate.now(ZoneOffset.UTC).minusDays(30);
		this.partitions.ensure(old, old);
		String oldPartition = "notification_p" + DateTimeFormatter.ofPattern("yyyyMMdd").format(old);
		String today = "notification_p" + DateTimeFormatter.ofPattern("yyyyMMdd").format(LocalDate.now(ZoneOffset.UTC));
		Instant now = this.clock.instant();

		List<String> recent = claimPlan(now, now.minusSeconds(5), SendQueue.window(true));
		List<String> all = claimPlan(now, Instant.EPOCH, SendQueue.window(false));

		assertThat(String.join("\n", recent)).contains(today).doesNotContain(oldPartition);
		assertThat(String.join("\n", all)).contains(today).contains(oldPartition);
	}

	private List<String> claimPlan(Instant now, Instant floor, UUID[] ids) {
		// the parameters as a claim binds them; a cached plan prunes the same days when
		// it
		// starts (Subplans Removed)
		return this.transactions.execute((tx) -> {
			this.jdbc.execute("set local enable_seqscan = off");
			return this.jdbc.queryForList("explain " + SendQueue.CLAIM, String.class,
					Timestamp.from(now.plusSeconds(30)), Timestamp.from(now), Timestamp.from(floor), ids[0], ids[1], 10,
					ids[0], ids[1]);
		});
	}

}
