package io.tidings.notification;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

import io.tidings.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A young day partition gets planner statistics as it grows, long before autovacuum's
 * next round: cached plans made while it was empty (sequential scans) are replaced by
 * index plans once it holds more than a few pages.
 */
@IntegrationTest
class PartitionStatisticsIntegrationTests {

	private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

	@Autowired
	PartitionStatistics statistics;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void aPartitionThatDoubledSinceItsLastAnalyzeIsAnalyzedAndOneThatDidNotIsLeftAlone() {
		// a day ahead, so no other test and no worker writes there; analyzed while empty,
		// as V11 leaves every partition of a new installation
		LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(5);
		String partition = "status_event_p" + day.format(DAY);
		this.jdbc.execute("analyze " + partition);
		assertThat(reltuples(partition)).isZero();
		long millis = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() + 1000;
		insertEvents(millis, 1500);

		await().untilAsserted(() -> assertThat(reltuples(partition)).isEqualTo(1500));

		insertEvents(millis + 1, 300);
		assertThat(this.statistics.analyzeGrown()).doesNotContain(partition);
		insertEvents(millis + 2, 1300);
		// doubled again (or, if autovacuum analyzed it in between, left to autovacuum)
		await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> assertThat(reltuples(partition)).isEqualTo(3100));
	}

	private void insertEvents(long millis, int count) {
		// ids of that day (UUIDv7: the time in the first 48 bits); the statistics flushed
		// at once (a backend flushes them at most once a second otherwise), in the same
		// session
		UUID base = new UUID((millis << 16) | 0x7000L, 0x8000000000000000L);
		this.jdbc.execute("""
				insert into status_event (notification_id, status, occurred_at, recorded_at, callback)
				select overlay('%s' placing lpad(to_hex(i), 8, '0') from 29 for 8)::uuid, 'SENT', now(), now(), false
				from generate_series(1, %d) i;
				select pg_stat_force_next_flush()""".formatted(base, count));
	}

	private long reltuples(String partition) {
		Float n = this.jdbc.queryForObject("select reltuples from pg_class where relname = ?", Float.class, partition);
		return (n != null) ? n.longValue() : -1;
	}

}
