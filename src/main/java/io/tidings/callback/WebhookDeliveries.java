package io.tidings.callback;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import io.tidings.bot.Bot;
import io.tidings.bot.Bots;
import io.tidings.common.Status;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The delivery log of a bot's webhooks, and manual retries.
 */
@Service
public class WebhookDeliveries {

	private final JdbcTemplate jdbc;

	private final CallbackSender sender;

	private final Bots bots;

	private final Clock clock;

	WebhookDeliveries(JdbcTemplate jdbc, CallbackSender sender, Bots bots, Clock clock) {
		this.jdbc = jdbc;
		this.bots = bots;
		this.sender = sender;
		this.clock = clock;
	}

	/**
	 * The bot's deliveries, newest first, optionally of one state or notification.
	 */
	public List<WebhookDelivery> list(String botId, String state, UUID notificationId, int limit, int offset) {
		StringBuilder sql = new StringBuilder(
				"""
						select id, notification_id, url, event, payload, state, attempts, last_status_code, last_error, created_at,
						  delivered_at, run_at from webhook_delivery where bot_id = ?""");
		List<Object> args = new ArrayList<>(List.of(botId));
		if (state != null) {
			sql.append(" and state = ?");
			args.add(state);
		}
		if (notificationId != null) {
			sql.append(" and notification_id = ?");
			args.add(notificationId);
		}
		sql.append(" order by created_at desc, id desc limit ? offset ?");
		args.add(limit);
		args.add(offset);
		List<Row> rows = this.jdbc.query(sql.toString(), WebhookDeliveries::row, args.toArray());
		Map<UUID, List<WebhookDelivery.AttemptView>> attempts = attempts(rows.stream().map(Row::id).toList());
		List<WebhookDelivery> deliveries = new ArrayList<>(
				rows.stream().map((r) -> r.toDelivery(attempts.getOrDefault(r.id(), List.of()))).toList());
		if (notificationId != null && (state == null || "DELIVERED".equals(state))) {
			deliveries.addAll(deliveredAtFirstAttempt(botId, notificationId, rows));
		}
		return deliveries;
	}

	/**
	 * The notification's callbacks that succeeded at their first attempt: they have no
	 * row (a success writes nothing), so they are the events the callback stream has
	 * passed that were called back and have no row.
	 */
	private List<WebhookDelivery> deliveredAtFirstAttempt(String botId, UUID notificationId, List<Row> rows) {
		Bot bot = this.bots.find(botId).orElse(null);
		if (bot == null) {
			return List.of();
		}
		Set<UUID> withRow = new HashSet<>(rows.stream().map(Row::id).toList());
		return this.jdbc.query("""
				select e.seq, e.status, e.recorded_at, n.postback_url from status_event e
				join callback_cursor c on c.part = e.part join notification n on n.id = e.notification_id
				where e.notification_id = ? and n.bot_id = ? and e.callback and (e.tx, e.seq) <= (c.tx, c.seq)
				order by e.seq desc""", (rs, n) -> {
			UUID id = FirstAttempts.deliveryId(notificationId, rs.getLong(1), 0);
			Status status = Status.valueOf(rs.getString(2));
			String url = (rs.getString(4) != null) ? rs.getString(4) : bot.postbackUrl();
			Instant at = rs.getTimestamp(3).toInstant();
			return (withRow.contains(id) || url == null || !bot.callsBack(status)) ? null : new WebhookDelivery(id,
					notificationId, url, status.name(), null, "DELIVERED", 1, null, null, at, at, null, List.of());
		}, notificationId, botId).stream().filter(Objects::nonNull).toList();
	}

	/**
	 * The bot's deliveries with a row (those that needed more than one attempt, or were
	 * slow), optionally of one state.
	 */
	public long count(String botId, String state) {
		if (state == null) {
			return this.jdbc.queryForObject("select count(*) from webhook_delivery where bot_id = ?", Long.class,
					botId);
		}
		return this.jdbc.queryForObject("select count(*) from webhook_delivery where bot_id = ? and state = ?",
				Long.class, botId, state);
	}

	/**
	 * Queues a delivery for another attempt now, whatever its state.
	 * @return false when the bot has no such delivery
	 */
	public boolean retry(String botId, UUID id) {
		int updated = this.jdbc.update(
				"update webhook_delivery set state = 'PENDING', run_at = ?, attempts = 0 where id = ? and bot_id = ?",
				Timestamp.from(this.clock.instant()), id, botId);
		this.sender.wake();
		return updated > 0;
	}

	private Map<UUID, List<WebhookDelivery.AttemptView>> attempts(List<UUID> ids) {
		Map<UUID, List<WebhookDelivery.AttemptView>> byDelivery = new HashMap<>();
		if (ids.isEmpty()) {
			return byDelivery;
		}
		this.jdbc.query("""
				select delivery_id, attempted_at, status_code, error, duration_ms from webhook_attempt
				where delivery_id = any(?) order by attempted_at""",
				(ps) -> ps.setArray(1, ps.getConnection().createArrayOf("uuid", ids.toArray())), (rs) -> {
					byDelivery.computeIfAbsent(rs.getObject(1, UUID.class), (k) -> new ArrayList<>())
						.add(new WebhookDelivery.AttemptView(rs.getTimestamp(2).toInstant(), (Integer) rs.getObject(3),
								rs.getString(4), rs.getInt(5)));
				});
		return byDelivery;
	}

	private static Row row(ResultSet rs, int n) throws SQLException {
		Timestamp delivered = rs.getTimestamp("delivered_at");
		return new Row(rs.getObject("id", UUID.class), rs.getObject("notification_id", UUID.class), rs.getString("url"),
				rs.getString("event"), rs.getString("payload"), rs.getString("state"), rs.getInt("attempts"),
				(Integer) rs.getObject("last_status_code"), rs.getString("last_error"),
				rs.getTimestamp("created_at").toInstant(), (delivered != null) ? delivered.toInstant() : null,
				rs.getTimestamp("run_at").toInstant());
	}

	private record Row(UUID id, UUID notificationId, String url, String event, String payload, String state,
			int attempts, Integer lastStatusCode, String lastError, Instant createdAt, Instant deliveredAt,
			Instant runAt) {

		WebhookDelivery toDelivery(List<WebhookDelivery.AttemptView> log) {
			return new WebhookDelivery(this.id, this.notificationId, this.url, this.event, this.payload, this.state,
					this.attempts, this.lastStatusCode, this.lastError, this.createdAt, this.deliveredAt,
					"PENDING".equals(this.state) ? this.runAt : null, log);
		}

	}

}
