package io.tidings.notification;

import java.sql.Timestamp;
import java.time.Instant;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The row-by-row SQL of retention, in one place: deletes a bounded batch of a bot's
 * notifications together with everything kept about them (status events, idempotency
 * keys, webhook deliveries and their attempts; the send queue is the notification row
 * itself), from one day's partitions of the four tables (all of the bot's rows there) or
 * from their default partitions (the rows created before a cutoff). Statistics rollups
 * are not touched. Whole days whose rows every bot lets go are dropped instead
 * ({@link TimePartitions#drop}).
 */
@Component
class ExpiredNotifications {

	private static final String DELETE_BATCH = """
			with doomed as (
			  select id from %1$s where bot_id = ? %2$s
			  order by created_at limit ? for update skip locked
			), deliveries as (
			  delete from %3$s d using doomed where d.notification_id = doomed.id returning d.id
			), attempts as (
			  delete from %4$s a using deliveries where a.delivery_id = deliveries.id
			), events as (
			  delete from %5$s e using doomed where e.notification_id = doomed.id
			), keys as (
			  delete from idempotency_key k using doomed where k.notification_id = doomed.id
			)
			delete from %1$s n using doomed where n.id = doomed.id""";

	private final JdbcTemplate jdbc;

	ExpiredNotifications(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Deletes at most {@code limit} of the bot's notifications in one day's partitions
	 * (rows locked by a concurrent writer are left for the next batch).
	 * @return how many notifications were deleted
	 */
	int deleteBatch(String botId, TimePartitions.Partition partition, int limit) {
		return this.jdbc.update(sql(partition.suffix(), ""), botId, limit);
	}

	/**
	 * Deletes at most {@code limit} of the bot's notifications created before
	 * {@code cutoff} that are in no day's partition (the default partitions).
	 * @return how many notifications were deleted
	 */
	int deleteBatchOutsideDays(String botId, Instant cutoff, int limit) {
		return this.jdbc.update(sql("_default", "and created_at < ?"), botId, Timestamp.from(cutoff), limit);
	}

	private static String sql(String suffix, String condition) {
		return DELETE_BATCH.formatted("notification" + suffix, condition, "webhook_delivery" + suffix,
				"webhook_attempt" + suffix, "status_event" + suffix);
	}

}
