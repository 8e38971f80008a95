package io.tidings.notification;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.tidings.common.TimeOrderedId;
import io.tidings.support.IntegrationTest;
import io.tidings.support.MutableClock;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The unsent count and the oldest unsent of §6 (and of the console and the campaign
 * views): a bot's own counters and index, never the send queue of every bot.
 */
@IntegrationTest
class QueuedStatisticsIntegrationTests {

	@Autowired
	TidingsClient client;

	@Autowired
	StatisticsQueries statistics;

	@Autowired
	MutableClock clock;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TimePartitions partitions;

	@Test
	void theUnsentAreCountedByHourOfCreationAndTheOldestIsTheFirstHoursFirstRowStillUnsent() {
		TestBot bot = this.client.newBot(null);
		TestBot other = this.client.newBot(null);
		String first;
		String second;
		Duration offset = this.clock.offset();
		try {
			first = scheduled(bot);
			// another bot's queue, in between, is not this bot's
			scheduled(other);
			this.clock.advance(Duration.ofHours(2));
			second = scheduled(bot);
			scheduled(bot);
		}
		finally {
			this.clock.restore(offset);
		}

		assertThat(this.statistics.queued(bot.id(), null)).isEqualTo(new StatisticsQueries.Queued(3, createdAt(first)));
		assertThat(this.statistics.queued(other.id(), null).count()).isEqualTo(1);

		// a day dropped by retention takes its rows and leaves the rollups: its hour no
		// longer counts
		this.jdbc.update("delete from notification where id = ?::uuid", first);
		assertThat(this.statistics.queued(bot.id(), null))
			.isEqualTo(new StatisticsQueries.Queued(2, createdAt(second)));
	}

	@Test
	void theOldestUnsentOfAnHourIsLookedForOnlyInTheDayPartitionsAroundIt() {
		// the send queue's index has no bot in its key: counting a bot's unsent along it
		// read every bot's queue of every day (500,000 held by one bot made each other
		// bot's count 190 ms); the lookup of the oldest reads the days around one hour
		LocalDate old = LocalDate.now(ZoneOffset.UTC).minusDays(30);
		this.partitions.ensure(old, old);
		String oldPartition = "notification_p" + DateTimeFormatter.ofPattern("yyyyMMdd").format(old);
		Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
		for (String campaign : new String[] { "", " and campaign_id = ?::text" }) {
			String statement = "explain " + StatisticsQueries.OLDEST_UNSENT.formatted(campaign);
			List<Object> args = new ArrayList<>(campaign.isEmpty() ? List.of("b") : List.of("b", "1"));
			args.addAll(List.of(Timestamp.from(hour), Timestamp.from(hour.plus(1, ChronoUnit.HOURS)),
					TimeOrderedId.at(hour.minus(StatisticsQueries.ID_SLACK)),
					TimeOrderedId.at(hour.plus(1, ChronoUnit.HOURS).plus(StatisticsQueries.ID_SLACK))));
			String plan = String.join("\n", this.jdbc.queryForList(statement, String.class, args.toArray()));

			assertThat(plan)
				.contains("notification_p"
						+ DateTimeFormatter.ofPattern("yyyyMMdd").format(LocalDate.ofInstant(hour, ZoneOffset.UTC)))
				.doesNotContain(oldPartition);
		}
	}

	private String scheduled(TestBot bot) {
		// 20-28 days ahead: queued through the test
		Instant at = this.clock.instant()
			.plus(Duration.ofDays(20))
			.plusSeconds(ThreadLocalRandom.current().nextInt(8 * 86_400))
			.truncatedTo(ChronoUnit.MILLIS);
		return bot.send("whatsapp", "919876543215", "{\"scheduleAt\":\"" + at + "\"}");
	}

	private Instant createdAt(String id) {
		return this.jdbc.queryForObject("select created_at from notification where id = ?::uuid", Timestamp.class, id)
			.toInstant();
	}

}
