package io.tidings.report;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tidings.common.InvalidFieldException;
import io.tidings.common.Status;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Summaries of a bot's notifications for reports and the dashboard, read from the
 * {@code notification_rollup} counters with one grouped query: never from the
 * notification table, so a month of millions of messages costs a few hundred rows.
 */
@Service
public class ReportSummaries {

	/**
	 * The range when none is asked: the last seven UTC days, today included.
	 */
	public static final int DEFAULT_DAYS = 7;

	static final Duration MAX_HOURLY_RANGE = Duration.ofDays(31);

	static final Duration MAX_DAILY_RANGE = Duration.ofDays(366);

	// The notification module keeps these counters (Rollups): in_* hold how many are in
	// each status now, so the funnel counts are sums of the later stages.
	private static final String SUMS = """
			select k, grouping(k), sum(accepted), sum(sent), sum(in_created), sum(in_delivered_channel),
			  sum(in_delivered_user), sum(in_read), sum(in_reply), sum(in_failed), sum(queue_ms_sum),
			  sum(queue_count), sum(delivery_ms_sum), sum(delivery_count)
			from (select %s as k, r.* from notification_rollup r where bot_id = ? and hour >= ? and hour < ?) r
			group by grouping sets ((k), ())""";

	private static final DateTimeFormatter HOUR_KEY = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH':00:00.000Z'")
		.withZone(ZoneOffset.UTC);

	private final JdbcTemplate jdbc;

	private final Clock clock;

	ReportSummaries(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Counts the bot's notifications created in {@code [from, to)}, widened to whole
	 * hours, in total and by {@code groupBy}.
	 * @param from the start, or null for {@value #DEFAULT_DAYS} days before {@code to}
	 * @param to the exclusive end, or null for the end of today (UTC)
	 * @throws InvalidFieldException naming {@code from} or {@code to} when the range is
	 * empty, or longer than 31 days by hour or 366 days by day
	 */
	public Summary summarise(String botId, SummaryGrouping groupBy, Instant from, Instant to) {
		Instant end = (to != null) ? ceilHour(to) : tomorrow();
		Instant start = (from != null) ? from.truncatedTo(ChronoUnit.HOURS) : end.minus(Duration.ofDays(DEFAULT_DAYS));
		checkRange(groupBy, start, end);
		Map<String, long[]> groups = new HashMap<>();
		long[] total = new long[12];
		this.jdbc.query(SUMS.formatted(key(groupBy)), (ResultSet rs) -> {
			long[] sums = sums(rs);
			if (rs.getInt(2) == 1) {
				System.arraycopy(sums, 0, total, 0, sums.length);
			}
			else {
				groups.put(rs.getString(1), sums);
			}
		}, botId, Timestamp.from(start), Timestamp.from(end));
		return new Summary(botId, groupBy, start, end, counts(total), groups(groupBy, groups, start, end),
				statuses(total));
	}

	private static void checkRange(SummaryGrouping groupBy, Instant start, Instant end) {
		if (!start.isBefore(end)) {
			throw new InvalidFieldException("from", "from must be before to");
		}
		Duration range = Duration.between(start, end);
		if (groupBy == SummaryGrouping.HOUR && range.compareTo(MAX_HOURLY_RANGE) > 0) {
			throw new InvalidFieldException("to", "to must be at most 31 days after from when grouping by hour");
		}
		if (groupBy == SummaryGrouping.DAY && range.compareTo(MAX_DAILY_RANGE) > 0) {
			throw new InvalidFieldException("to", "to must be at most 366 days after from when grouping by day");
		}
	}

	private static String key(SummaryGrouping groupBy) {
		return switch (groupBy) {
			case CAMPAIGN -> "campaign_id";
			case TEMPLATE -> "template_name";
			case STATUS -> "''";
			case DAY -> "to_char(hour at time zone 'UTC', 'YYYY-MM-DD')";
			case HOUR -> "to_char(hour at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24\":00:00.000Z\"')";
		};
	}

	private static List<SummaryGroup> groups(SummaryGrouping groupBy, Map<String, long[]> sums, Instant start,
			Instant end) {
		List<SummaryGroup> groups = new ArrayList<>();
		switch (groupBy) {
			case STATUS -> {
			}
			case DAY -> {
				LocalDate last = LocalDate.ofInstant(end.minusNanos(1), ZoneOffset.UTC);
				for (LocalDate day = LocalDate.ofInstant(start, ZoneOffset.UTC); !day.isAfter(last); day = day
					.plusDays(1)) {
					groups.add(timeGroup(day.toString(), sums));
				}
			}
			case HOUR -> {
				for (Instant hour = start; hour.isBefore(end); hour = hour.plus(1, ChronoUnit.HOURS)) {
					groups.add(timeGroup(HOUR_KEY.format(hour), sums));
				}
			}
			case CAMPAIGN, TEMPLATE -> {
				sums.forEach((key, s) -> groups.add(new SummaryGroup(key.isEmpty() ? null : key, counts(s))));
				groups.sort(Comparator.comparingLong((SummaryGroup g) -> g.counts().accepted())
					.reversed()
					.thenComparing(SummaryGroup::key, Comparator.nullsLast(Comparator.naturalOrder())));
			}
		}
		return groups;
	}

	private static SummaryGroup timeGroup(String key, Map<String, long[]> sums) {
		long[] s = sums.get(key);
		return new SummaryGroup(key, (s != null) ? counts(s) : SummaryCounts.NONE);
	}

	private static long[] sums(ResultSet rs) throws SQLException {
		long[] sums = new long[12];
		for (int i = 0; i < sums.length; i++) {
			sums[i] = rs.getLong(3 + i);
		}
		return sums;
	}

	private static SummaryCounts counts(long[] s) {
		long delivered = s[DELIVERED_USER] + s[READ] + s[REPLY];
		return new SummaryCounts(s[ACCEPTED], s[SENT], delivered, s[READ] + s[REPLY], s[REPLY], s[FAILED],
				average(s[QUEUE_MS], s[QUEUE_N]), average(s[DELIVERY_MS], s[DELIVERY_N]));
	}

	private static List<StatusCount> statuses(long[] s) {
		return List.of(new StatusCount(Status.CREATED, s[CREATED]),
				new StatusCount(Status.DELIVERED_CHANNEL, s[DELIVERED_CHANNEL]),
				new StatusCount(Status.DELIVERED_USER, s[DELIVERED_USER]), new StatusCount(Status.READ, s[READ]),
				new StatusCount(Status.REPLY, s[REPLY]), new StatusCount(Status.FAILED, s[FAILED]));
	}

	private static Long average(long sum, long count) {
		return (count == 0) ? null : Math.round((double) sum / count);
	}

	private Instant tomorrow() {
		return LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC)
			.plusDays(1)
			.atStartOfDay()
			.toInstant(ZoneOffset.UTC);
	}

	private static Instant ceilHour(Instant instant) {
		Instant floor = instant.truncatedTo(ChronoUnit.HOURS);
		return floor.equals(instant) ? floor : floor.plus(1, ChronoUnit.HOURS);
	}

	private static final int ACCEPTED = 0;

	private static final int SENT = 1;

	private static final int CREATED = 2;

	private static final int DELIVERED_CHANNEL = 3;

	private static final int DELIVERED_USER = 4;

	private static final int READ = 5;

	private static final int REPLY = 6;

	private static final int FAILED = 7;

	private static final int QUEUE_MS = 8;

	private static final int QUEUE_N = 9;

	private static final int DELIVERY_MS = 10;

	private static final int DELIVERY_N = 11;

}
