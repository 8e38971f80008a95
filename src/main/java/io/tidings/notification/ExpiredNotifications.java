package io.tidings.notification;

import java.sql.Timestamp;
import java.time.Instant;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The SQL of retention, in one place: deletes a bounded batch of a bot's notifications
 * created before a cutoff together with everything kept about them (status events,
 * idempotency keys, webhook deliveries and their attempts; the send queue is the
 * notification row itself). Statistics rollups are not touched.
 */
@Component
class ExpiredNotifications {

	private static final String DELETE_BATCH = """
			with doomed as (
			  select id from notification where bot_id = ? and created_at < ?
			  order by created_at limit ? for update skip locked
			), deliveries as (
			  delete from webhook_delivery d using doomed where d.notification_id = doomed.id returning d.id
			), attempts as (
			  delete from webhook_attempt a using deliveries where a.delivery_id = deliveries.id
			), events as (
			  delete from status_event e using doomed where e.notification_id = doomed.id
			), keys as (
			  delete from idempotency_key k using doomed where k.notification_id = doomed.id
			)
			delete from notification n using doomed where n.id = doomed.id""";

	private final JdbcTemplate jdbc;

	ExpiredNotifications(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Deletes at most {@code limit} of the bot's notifications created before
	 * {@code cutoff} (rows locked by a concurrent writer are left for the next batch).
	 * @return how many notifications were deleted
	 */
	int deleteBatch(String botId, Instant cutoff, int limit) {
		return this.jdbc.update(DELETE_BATCH, botId, Timestamp.from(cutoff), limit);
	}

}
