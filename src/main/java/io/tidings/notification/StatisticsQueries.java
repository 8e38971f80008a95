package io.tidings.notification;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

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
			sql.append(" and campaign_id = ?");
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
