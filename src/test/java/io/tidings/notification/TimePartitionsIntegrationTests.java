package io.tidings.notification;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.tidings.support.CallbackCounter;
import io.tidings.support.IntegrationTest;
import io.tidings.support.MutableClock;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;
import io.tidings.support.WebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The notification, status_event and webhook tables are partitioned by day (V11): the
 * service creates the days ahead, retention drops a day whole when every bot lets it go
 * and deletes row by row while a bot with a longer retention keeps its rows there, and
 * every read and the send queue work over rows in two days.
 */
@IntegrationTest
class TimePartitionsIntegrationTests {

	private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

	@Autowired
	TidingsClient client;

	@Autowired
	PartitionMaintenance maintenance;

	@Autowired
	TimePartitions partitions;

	@Autowired
	RetentionPurge purge;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MutableClock clock;

	private CallbackCounter callbacks;

	/**
	 * The bots' webhook setting, so that their statuses are written to the event log and
	 * its partitions have rows to drop or keep.
	 */
	private String webhook;

	@BeforeEach
	void listen() throws IOException {
		this.callbacks = new CallbackCounter();
		this.webhook = "\"postbackUrl\":\"" + this.callbacks.url() + "\"";
	}

	@AfterEach
	void stopListening() {
		this.callbacks.close();
	}

	@Test
	void theDaysAheadHavePartitionsInEveryTableAndConcurrentMaintenanceCreatesEachOnce() throws Exception {
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		// tidings.partitions.ahead-days, 2 by default
		for (int d = 0; d <= 2; d++) {
			for (String table : TimePartitions.TABLES) {
				assertThat(partitionOf(table, today.plusDays(d))).as("%s of %s", table, today.plusDays(d)).isTrue();
			}
		}
		Instant later = Instant.now().plus(Duration.ofDays(20));
		ExecutorService pool = Executors.newFixedThreadPool(3);
		try {
			List<Future<Integer>> runs = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				runs.add(pool.submit((Callable<Integer>) () -> this.maintenance.ensureAhead(later)));
			}
			int created = 0;
			for (Future<Integer> run : runs) {
				created += run.get();
			}
			for (String table : TimePartitions.TABLES) {
				assertThat(partitionOf(table, today.plusDays(22))).isTrue();
			}
			assertThat(this.maintenance.ensureAhead(later)).isZero();
			assertThat(created).isLessThanOrEqualTo(4 * 20);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void anOldDayIsDroppedWholeWithItsEventsAndDeliveriesWhenEveryBotLetsItGo() throws Exception {
		TestBot bot = this.client.newBot(this.webhook);
		String sent = bot.send("whatsapp", "919876543215", null);
		await().atMost(Duration.ofSeconds(20)).until(() -> bot.status(sent).equals("READ"));
		LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(400);
		UUID old = copyInto(UUID.fromString(sent), day);
		String suffix = "_p" + DAY.format(day);
		assertThat(count("select count(*) from notification" + suffix)).isOne();
		assertThat(count("select count(*) from status_event" + suffix)).isPositive();
		assertThat(count("select count(*) from webhook_delivery" + suffix)).isOne();
		assertThat(count("select count(*) from webhook_attempt" + suffix)).isOne();
		long rollups = count("select coalesce(sum(accepted), 0) from notification_rollup where bot_id = ?", bot.id());

		RetentionPurge.Purged purged = this.purge.purge(this.clock.instant());

		assertThat(purged.droppedDays()).contains(suffix);
		for (String table : TimePartitions.TABLES) {
			assertThat(partitionOf(table, day)).as(table).isFalse();
		}
		assertThat(count("select count(*) from notification where id = ?::uuid", old.toString())).isZero();
		assertThat(count("select count(*) from status_event where notification_id = ?::uuid", old.toString())).isZero();
		assertThat(bot.status(sent)).isEqualTo("READ");
		assertThat(count("select coalesce(sum(accepted), 0) from notification_rollup where bot_id = ?", bot.id()))
			.isEqualTo(rollups);
	}

	@Test
	void aBotWithALongerRetentionKeepsItsRowsAndTheOthersAreDeletedInBatches() throws Exception {
		TestBot keeping = this.client.newBot("\"retentionDays\":3650," + this.webhook);
		TestBot other = this.client.newBot("\"retentionDays\":30," + this.webhook);
		List<String> kept = new ArrayList<>();
		List<String> expiring = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			kept.add(keeping.send("whatsapp", "91987654321" + (5 + i), null));
			expiring.add(other.send("whatsapp", "91987654321" + (5 + i), null));
		}
		await().atMost(Duration.ofSeconds(20))
			.until(() -> kept.stream().allMatch((id) -> isFinal(keeping, id))
					&& expiring.stream().allMatch((id) -> isFinal(other, id)));
		LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(200);
		String suffix = "_p" + DAY.format(day);
		List<UUID> keptOld = new ArrayList<>();
		List<UUID> expiringOld = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			keptOld.add(copyInto(UUID.fromString(kept.get(i)), day));
			expiringOld.add(copyInto(UUID.fromString(expiring.get(i)), day));
		}

		RetentionPurge.Purged purged = this.purge.purge(this.clock.instant());

		assertThat(purged.droppedDays()).doesNotContain(suffix);
		assertThat(purged.deleted()).isGreaterThanOrEqualTo(2);
		assertThat(partitionOf("notification", day)).isTrue();
		for (UUID id : keptOld) {
			assertThat(count("select count(*) from notification where id = ?::uuid", id.toString())).isOne();
			assertThat(count("select count(*) from status_event where notification_id = ?::uuid", id.toString()))
				.isPositive();
			assertThat(count("select count(*) from webhook_delivery where notification_id = ?::uuid", id.toString()))
				.isOne();
		}
		for (UUID id : expiringOld) {
			assertThat(count("select count(*) from notification where id = ?::uuid", id.toString())).isZero();
			assertThat(count("select count(*) from status_event where notification_id = ?::uuid", id.toString()))
				.isZero();
			assertThat(count("select count(*) from webhook_delivery where notification_id = ?::uuid", id.toString()))
				.isZero();
		}
		assertThat(count("select count(*) from webhook_attempt" + suffix)).isEqualTo(2);
		// today's copies are untouched: the bot's retention has not passed for them
		for (String id : expiring) {
			assertThat(count("select count(*) from notification where id = ?::uuid", id)).isOne();
		}
	}

	@Test
	void lookupsListsStatisticsCallbacksAndTheSendQueueWorkOverRowsInTwoDays() throws Exception {
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			TestBot bot = this.client.newBot("\"postbackUrl\":\"" + receiver.url() + "\"");
			String schedule = "{\"scheduleAt\":\"" + this.clock.instant().plus(Duration.ofMinutes(10)) + "\"}";
			String today = bot.send("whatsapp", "919876543215", schedule);
			UUID moved = scheduledOn(bot, "919876543225", LocalDate.now(ZoneOffset.UTC).minusDays(1));
			assertThat(this.jdbc.queryForObject("select tableoid::regclass::text from notification where id = ?::uuid",
					String.class, today))
				.isEqualTo("notification_p" + DAY.format(LocalDate.now(ZoneOffset.UTC)));
			// both become due: the send queue claims from both days
			this.jdbc.update("update notification set due_at = now() where id in (?::uuid, ?)", today, moved);

			await().atMost(Duration.ofSeconds(20))
				.until(() -> bot.status(today).equals("READ") && bot.status(moved.toString()).equals("READ"));
			await().atMost(Duration.ofSeconds(20))
				.until(() -> readCallbacks(receiver, today) == 1 && readCallbacks(receiver, moved.toString()) == 1);
			JsonNode listed = bot.get("/v1/bots/" + bot.id() + "/notifications").expect(200).json();
			List<String> ids = new ArrayList<>();
			listed.get("results").forEach((n) -> ids.add(n.get("_id").asString()));
			assertThat(ids).containsExactlyInAnyOrder(today, moved.toString());
			assertThat(listed.get("_metadata").get("stats").get("USER_READ").asLong()).isEqualTo(2);
			assertThat(listed.get("_metadata").get("stats").get("TOTAL_HSM").asLong()).isEqualTo(2);
			assertThat(listed.get("pagination").get("total").asLong()).isEqualTo(2);
			assertThat(count("select count(*) from status_event where notification_id = ?", moved)).isPositive();
			assertThat(count("select count(*) from status_event where notification_id = ?::uuid", today)).isPositive();
		}
	}

	@Test
	void aNotificationOfADayOlderThanTheWindowsOfTheClaimsAndTheCallbackStreamIsSentAndCalledBack() throws Exception {
		// claims from a floor and the callback stream's reads look at the last week's
		// days
		// only: a notification of an older day that becomes due (a send scheduled further
		// ahead, a campaign resumed after weeks) is for the claims that look at every day
		// (at least every 10 s), and its statuses' events send the stream over every day
		// (callback_late)
		try (WebhookReceiver receiver = new WebhookReceiver()) {
			TestBot bot = this.client.newBot("\"postbackUrl\":\"" + receiver.url() + "\"");
			UUID moved = scheduledOn(bot, "919876543235", LocalDate.now(ZoneOffset.UTC).minusDays(30));

			this.jdbc.update("update notification set due_at = now() where id = ?", moved);

			await().atMost(Duration.ofSeconds(60)).until(() -> bot.status(moved.toString()).equals("READ"));
			await().atMost(Duration.ofSeconds(20)).until(() -> readCallbacks(receiver, moved.toString()) == 1);
			assertThat(count("select count(*) from status_event where notification_id = ? and callback", moved))
				.isPositive();
		}
	}

	/**
	 * A notification scheduled 10 minutes ahead, moved into {@code day}'s partition.
	 */
	private UUID scheduledOn(TestBot bot, String phone, LocalDate day) {
		String schedule = "{\"scheduleAt\":\"" + this.clock.instant().plus(Duration.ofMinutes(10)) + "\"}";
		String queued = bot.send("whatsapp", phone, schedule);
		this.partitions.ensure(day, day);
		UUID moved = moveInto(UUID.fromString(queued), day);
		assertThat(this.jdbc.queryForObject("select tableoid::regclass::text from notification where id = ?",
				String.class, moved))
			.isEqualTo("notification_p" + DAY.format(day));
		return moved;
	}

	private static long readCallbacks(WebhookReceiver receiver, String id) {
		return receiver.accepted()
			.stream()
			.filter((r) -> r.body().contains(id) && r.body().toLowerCase().contains("\"read\""))
			.count();
	}

	private static boolean isFinal(TestBot bot, String id) {
		return List.of("READ", "REPLY", "FAILED", "DELIVERED_USER", "DELIVERED_CHANNEL").contains(bot.status(id));
	}

	/**
	 * The same notification made on {@code day}: its row, events, and a delivery with an
	 * attempt, copied under an id of that day (same random bits).
	 */
	private UUID copyInto(UUID id, LocalDate day) {
		this.partitions.ensure(day, day);
		UUID copy = onDay(id, day);
		this.jdbc
			.update("""
					insert into notification select (jsonb_populate_record(null::notification,
					  to_jsonb(n) || jsonb_build_object('id', ?::text, 'due_at', null))).* from notification n where id = ?""",
					copy.toString(), id);
		this.jdbc.update(
				"""
						insert into status_event (notification_id, status, occurred_at, error_code, error_message, reply, recorded_at,
						  tx, callback)
						select ?, status, occurred_at, error_code, error_message, reply, recorded_at, tx, false
						from status_event where notification_id = ?""",
				copy, id);
		UUID delivery = new UUID(copy.getMostSignificantBits(), copy.getLeastSignificantBits() ^ 0x5a5a5a5aL);
		this.jdbc.update("""
				insert into webhook_delivery (id, bot_id, notification_id, url, event, payload, state, attempts, run_at,
				  created_at)
				select ?, bot_id, id, 'https://example.invalid/hook', 'READ', '{}', 'DELIVERED', 1, now(), now()
				from notification where id = ?""", delivery, copy);
		this.jdbc.update("insert into webhook_attempt (delivery_id, attempted_at, status_code, duration_ms)"
				+ " values (?, now(), 200, 1)", delivery);
		return copy;
	}

	private UUID moveInto(UUID id, LocalDate day) {
		UUID moved = onDay(id, day);
		this.jdbc.update("update notification set id = ? where id = ?", moved, id);
		this.jdbc.update("update status_event set notification_id = ? where notification_id = ?", moved, id);
		return moved;
	}

	private static UUID onDay(UUID id, LocalDate day) {
		long millis = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli()
				+ ((id.getMostSignificantBits() >>> 16) % 86_400_000L);
		return new UUID((millis << 16) | (id.getMostSignificantBits() & 0xFFFFL), id.getLeastSignificantBits());
	}

	private boolean partitionOf(String table, LocalDate day) {
		return Boolean.TRUE.equals(this.jdbc.queryForObject("""
				select exists (select 1 from pg_inherits i join pg_class c on c.oid = i.inhrelid
				  where i.inhparent = ?::regclass and c.relname = ?)""", Boolean.class, table,
				table + "_p" + DAY.format(day)));
	}

	private long count(String sql, Object... args) {
		Long value = this.jdbc.queryForObject(sql, Long.class, args);
		return (value != null) ? value : 0;
	}

}
