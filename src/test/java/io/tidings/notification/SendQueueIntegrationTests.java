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

import io.tidings.support.GenericPlans;
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
		// one second apart: no other test's notification is due between them
		Instant first = farAhead();
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
					Timestamp.from(this.clock.instant()), "infinity", SendQueue.window(true));
		});
		assertThat(plan).anySatisfy((line) -> assertThat(line).contains("Index Cond")
			.contains("due_at >=")
			.contains("due_at <")
			.contains("'infinity'"));
		assertThat(plan).noneSatisfy((line) -> assertThat(line).contains("Filter").contains("due_at"));
	}

	@Test
	void theQueueDepthLeavesOutHeldNotificationsAndItsIndexRangeStopsBeforeThem() {
		// the health check and the metrics count the queue: a paused campaign's held
		// notifications wait for a resume, not for a worker, and with millions held the
		// count read every one of them
		TestBot bot = this.client.newBot(null);
		String held = bot.send("whatsapp", "919876543215", "{\"scheduleAt\":\"" + farAhead() + "\"}");

		// one snapshot for both counts: other tests' sends come and go meanwhile
		long[] counts = this.transactions.execute((tx) -> {
			tx.setRollbackOnly();
			this.jdbc.execute("set transaction isolation level repeatable read");
			long waiting = this.queue.depth().count();
			this.jdbc.update("update notification set due_at = 'infinity' where id = ?::uuid", held);
			return new long[] { waiting, this.queue.depth().count() };
		});
		List<String> plan = this.transactions.execute((tx) -> {
			this.jdbc.execute("set local enable_seqscan = off");
			return this.jdbc.queryForList("explain " + SendQueue.DEPTH, String.class);
		});

		assertThat(counts[1]).isEqualTo(counts[0] - 1);
		assertThat(plan).as(String.join("\n", plan))
			.anySatisfy((line) -> assertThat(line).contains("Index Cond").contains("due_at <").contains("'infinity'"));
		assertThat(plan).as(String.join("\n", plan))
			.noneSatisfy((line) -> assertThat(line).contains("Filter").contains("due_at"));
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

	@Test
	void theCachedPlansOfTheClaimAndOfTheNextDueQuestionReadADayByItsQueueIndex() {
		// the window of ids is a plain parameter, so that a cached plan prunes days by
		// it;
		// with both bounds the planner took it for a narrow range and read today's 20,000
		// rows by primary key for every question (81 ms each in the side by side)
		TestBot bot = this.client.newBot(null);
		String seed = bot.send("whatsapp", "919876543215", null);
		String today = "notification_p" + DateTimeFormatter.ofPattern("yyyyMMdd").format(LocalDate.now(ZoneOffset.UTC));
		String since = "'" + SendQueue.window(true) + "'::uuid";

		List<String> nextDue = GenericPlans.explain(this.jdbc, this.transactions, (jdbc) -> manyRows(jdbc, seed, today),
				SendQueue.NEXT_DUE, "now()", "'infinity'", since);
		List<String> claim = GenericPlans.explain(this.jdbc, this.transactions, (jdbc) -> manyRows(jdbc, seed, today),
				SendQueue.CLAIM, "now() + interval '30 seconds'", "now()", "now() - interval '5 seconds'", since, "100",
				since);

		// the claim's queue scan is its InitPlan; the update after it looks the claimed
		// ids up by primary key
		List<String> claimScan = claim.subList(0,
				claim.indexOf(claim.stream()
					.filter((line) -> line.trim().startsWith("->  Append") && !line.startsWith("      "))
					.findFirst()
					.orElseThrow()));
		for (List<String> plan : List.of(nextDue, claimScan)) {
			assertThat(plan).as(String.join("\n", plan))
				.anySatisfy((line) -> assertThat(line).contains("using " + today + "_due_at_idx on " + today));
			assertThat(plan).as(String.join("\n", plan))
				.noneSatisfy((line) -> assertThat(line).contains("_pkey on " + today));
		}
	}

	/**
	 * A random second 20-28 days ahead (a send may be scheduled 30 at most): a scheduled
	 * notification there stays queued through the test, apart from other tests' ones.
	 */
	private Instant farAhead() {
		return this.clock.instant()
			.plus(Duration.ofDays(20))
			.plusSeconds(ThreadLocalRandom.current().nextInt(8 * 86_400))
			.truncatedTo(ChronoUnit.MILLIS);
	}

	private static void manyRows(JdbcTemplate jdbc, String seed, String partition) {
		// 20,000 sent notifications today, none queued, as the statistics see them
		jdbc.update("""
				insert into notification select (jsonb_populate_record(null::notification, to_jsonb(n)
				  || jsonb_build_object('id', (lpad(to_hex(floor(extract(epoch from now()) * 1000)::bigint), 12, '0')
				    || '7' || lpad(to_hex(g), 19, '0'))::text, 'due_at', null))).*
				from notification n, generate_series(1, 20000) g where n.id = ?::uuid""", seed);
		jdbc.execute("analyze " + partition);
	}

	private List<String> claimPlan(Instant now, Instant floor, UUID since) {
		// the parameters as a claim binds them; a cached plan prunes the same days when
		// it
		// starts (Subplans Removed)
		return this.transactions.execute((tx) -> {
			this.jdbc.execute("set local enable_seqscan = off");
			return this.jdbc.queryForList("explain " + SendQueue.CLAIM, String.class,
					Timestamp.from(now.plusSeconds(30)), Timestamp.from(now), Timestamp.from(floor), since, 10, since);
		});
	}

}
