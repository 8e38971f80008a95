package io.tidings.notification;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import io.tidings.common.TimeOrderedId;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Statistics from the rollup counters: whole hours come from {@code notification_rollup},
 * so a bot with tens of millions of notifications costs a few hundred summed rows; only
 * the partial hours at the edges of an exact-time range are counted from the table.
 */
@Service
public class StatisticsQueries {

	private static final String ROLLUP_SUMS = """
			select coalesce(sum(accepted), 0), coalesce(sum(in_created), 0), coalesce(sum(in_failed), 0),
			  coalesce(sum(in_delivered_channel), 0), coalesce(sum(in_delivered_user + in_read + in_reply), 0),
			  coalesce(sum(in_read), 0), coalesce(sum(in_reply), 0)
			from notification_rollup where bot_id = ?""";

	private static final String TABLE_COUNTS = """
			select count(*), count(*) filter (where status = 'CREATED'), count(*) filter (where status = 'FAILED'),
			  count(*) filter (where status = 'DELIVERED_CHANNEL'),
			  count(*) filter (where status in ('DELIVERED_USER', 'READ', 'REPLY')),
			  count(*) filter (where status = 'READ'), count(*) filter (where status = 'REPLY')
			from notification where """;

	private static final String HOURLY = """
			select hour, sum(accepted), sum(sent), sum(failed_invalid), sum(in_delivered_user + in_read + in_reply),
			  sum(in_failed - failed_invalid - failed_absent), sum(failed_absent), sum(queue_ms_sum), sum(queue_count),
			  sum(delivery_ms_sum), sum(delivery_count)
			from notification_rollup where bot_id = ?""";

	// the hours of creation that still hold unsent notifications, from the rollups'
	// in_created (see queued)
	private static final String UNSENT_HOURS = """
			select hour, sum(in_created) from notification_rollup where bot_id = ?%s
			group by hour having sum(in_created) > 0 order by hour""";

	// the oldest unsent of one hour, in the day partitions around it only: the planner
	// chooses between the bot's index over the hour (reading the rows sent before the
	// first unsent) and the send queue's index over those days (every bot's queue there)
	static final String OLDEST_UNSENT = """
			select min(created_at) from notification
			where bot_id = ?%s and created_at >= ? and created_at < ? and due_at is not null and status = 'CREATED'
			  and id >= ? and id < ?""";

	/**
	 * How many hours {@link #queued} looks into for its oldest unsent notification before
	 * it takes the start of the next hour that the rollups count as the oldest.
	 */
	static final int OLDEST_LOOKUPS = 24;

	/**
	 * How far a notification's id (the time it was made, UUIDv7) may lie from its
	 * {@code created_at} for {@link #queued} to find it: the two are read from one clock
	 * at the accept; the bounds only prune the day partitions the lookup reads.
	 */
	static final Duration ID_SLACK = Duration.ofDays(1);

	private final JdbcTemplate jdbc;

	StatisticsQueries(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The stats of every notification of the bot matching the filter.
	 */
	public NotificationStats stats(String botId, NotificationFilter filter) {
		Instant from = filter.from();
		Instant to = filter.to();
		Instant firstWholeHour = (from != null) ? ceilHour(from) : null;
		Instant endOfWholeHours = (to != null) ? to.truncatedTo(ChronoUnit.HOURS) : null;
		if (firstWholeHour != null && endOfWholeHours != null && !firstWholeHour.isBefore(endOfWholeHours)) {
			return fromTable(botId, filter, from, to);
		}
		NotificationStats stats = fromRollups(botId, filter, firstWholeHour, endOfWholeHours);
		if (from != null && from.isBefore(firstWholeHour)) {
			stats = stats.plus(fromTable(botId, filter, from, firstWholeHour));
		}
		if (to != null && endOfWholeHours.isBefore(to)) {
			stats = stats.plus(fromTable(botId, filter, endOfWholeHours, to));
		}
		return stats;
	}

	/**
	 * The §6 counts of the bot's notifications created in [from, to) (hour-aligned; null
	 * for open ends), optionally of one campaign, by created hour.
	 */
	public SortedMap<Instant, DeliveryCounts> hourly(String botId, String campaignId, Instant from, Instant to) {
		StringBuilder sql = new StringBuilder(HOURLY);
		List<Object> args = new ArrayList<>(List.of(botId));
		if (campaignId != null) {
			sql.append(" and campaign_id = ?::text");
			args.add(campaignId);
		}
		if (from != null) {
			sql.append(" and hour >= ?");
			args.add(Timestamp.from(from));
		}
		if (to != null) {
			sql.append(" and hour < ?");
			args.add(Timestamp.from(to));
		}
		sql.append(" group by hour order by hour");
		SortedMap<Instant, DeliveryCounts> hours = new TreeMap<>();
		this.jdbc.query(sql.toString(), (rs) -> {
			hours.put(rs.getTimestamp(1).toInstant(),
					new DeliveryCounts(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
							rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11)));
		}, args.toArray());
		return hours;
	}

	/**
	 * The §6 counts summed over every hour.
	 */
	public static DeliveryCounts total(Collection<DeliveryCounts> hours) {
		long[] t = new long[10];
		for (DeliveryCounts c : hours) {
			long[] v = { c.submitted(), c.sent(), c.invalid(), c.successful(), c.failed(), c.absent(), c.queueMillis(),
					c.queueCount(), c.deliveryMillis(), c.deliveryCount() };
			for (int i = 0; i < t.length; i++) {
				t[i] += v[i];
			}
		}
		return new DeliveryCounts(t[0], t[1], t[2], t[3], t[4], t[5], t[6], t[7], t[8], t[9]);
	}

	/**
	 * Notifications waiting to be sent now (held ones too), and when the oldest of them
	 * was created: counted from the rollups' {@code in_created} by hour of creation, and
	 * the oldest looked up in the first of those hours only ({@link #OLDEST_UNSENT}).
	 * Counting the rows (status {@code CREATED} on the send queue's index) read the queue
	 * of every bot, which has no bot in its key: 193,000 queued by another bot made each
	 * call 733 ms, and the console's overview asks every 2 s. An hour that the rollups
	 * count but that holds no such row any more (its day dropped by retention, which
	 * keeps the rollups) does not count; after {@link #OLDEST_LOOKUPS} such hours the
	 * next one's start stands for the oldest.
	 */
	public Queued queued(String botId, Long campaignId) {
		String campaign = (campaignId != null) ? " and campaign_id = ?::text" : "";
		Object[] args = (campaignId != null) ? new Object[] { botId, campaignId } : new Object[] { botId };
		List<UnsentHour> hours = this.jdbc.query(UNSENT_HOURS.formatted(campaign),
				(rs, row) -> new UnsentHour(rs.getTimestamp(1).toInstant(), rs.getLong(2)), args);
		long count = hours.stream().mapToLong(UnsentHour::count).sum();
		for (int i = 0; i < hours.size(); i++) {
			Instant start = hours.get(i).hour();
			if (i == OLDEST_LOOKUPS) {
				return new Queued(count, start);
			}
			Instant end = start.plus(1, ChronoUnit.HOURS);
			List<Object> lookup = new ArrayList<>(List.of(args));
			lookup.addAll(List.of(Timestamp.from(start), Timestamp.from(end), TimeOrderedId.at(start.minus(ID_SLACK)),
					TimeOrderedId.at(end.plus(ID_SLACK))));
			Timestamp oldest = this.jdbc.queryForObject(OLDEST_UNSENT.formatted(campaign), Timestamp.class,
					lookup.toArray());
			if (oldest != null) {
				return new Queued(count, oldest.toInstant());
			}
			count -= hours.get(i).count();
		}
		return new Queued(0, null);
	}

	private record UnsentHour(Instant hour, long count) {
	}

	/**
	 * Messages not yet handed to a provider.
	 */
	public record Queued(long count, Instant oldestCreatedAt) {
	}

	private NotificationStats fromRollups(String botId, NotificationFilter filter, Instant fromHour, Instant toHour) {
		StringBuilder sql = new StringBuilder(ROLLUP_SUMS);
		List<Object> args = new ArrayList<>(List.of(botId));
		if (fromHour != null) {
			sql.append(" and hour >= ?");
			args.add(Timestamp.from(fromHour));
		}
		if (toHour != null) {
			sql.append(" and hour < ?");
			args.add(Timestamp.from(toHour));
		}
		if (filter.campaignId() != null) {
			sql.append(" and campaign_id = ?::text");
			args.add(filter.campaignId());
		}
		if (filter.templateName() != null) {
			sql.append(" and template_name = ?");
			args.add(filter.templateName());
		}
		return this.jdbc.queryForObject(sql.toString(), StatisticsQueries::stats, args.toArray());
	}

	private NotificationStats fromTable(String botId, NotificationFilter filter, Instant from, Instant to) {
		NotificationFilter.Where where = filter.where(botId, from, to);
		return this.jdbc.queryForObject(TABLE_COUNTS + " " + where.sql(), StatisticsQueries::stats,
				where.args().toArray());
	}

	private static NotificationStats stats(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
		return new NotificationStats(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
				rs.getLong(6), rs.getLong(7));
	}

	private static Instant ceilHour(Instant instant) {
		Instant floor = instant.truncatedTo(ChronoUnit.HOURS);
		return floor.equals(instant) ? floor : floor.plus(1, ChronoUnit.HOURS);
	}

}
