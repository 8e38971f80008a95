package io.tidings.notification;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

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

	private static final String QUEUED = """
			select count(*), min(created_at) from notification
			where due_at is not null and status = 'CREATED' and bot_id = ?""";

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
	 * Notifications waiting to be sent now, and when the oldest of them was created.
	 */
	public Queued queued(String botId, Long campaignId) {
		String sql = QUEUED + ((campaignId != null) ? " and campaign_id = ?::text" : "");
		Object[] args = (campaignId != null) ? new Object[] { botId, campaignId } : new Object[] { botId };
		return this.jdbc.queryForObject(sql, (rs, row) -> new Queued(rs.getLong(1),
				(rs.getTimestamp(2) != null) ? rs.getTimestamp(2).toInstant() : null), args);
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
