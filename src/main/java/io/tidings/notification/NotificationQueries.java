package io.tidings.notification;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.tidings.common.Channel;
import io.tidings.common.FailureKind;
import io.tidings.common.MessageContent;
import io.tidings.common.Origin;
import io.tidings.common.Status;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Reads notifications and their events.
 */
@Service
public class NotificationQueries {

	private static final String VIEW_COLUMNS = "id, bot_id, channel, origin, destination, sender, status, template_name, campaign_id, "
			+ "failure_kind, error_code, error_message, reply, internal_id, segments, request::text as request, created_at, "
			+ "sent_at, delivery_channel_at, delivery_user_at, read_at, replied_at, failed_at, fallback_of, "
			// a fallback is made after its notification (a day's margin for clocks): the
			// lookup
			// skips the day partitions before that
			+ "(select f.id from notification f where f.fallback_of = notification.id"
			+ " and f.id >= tidings_uuid_at(tidings_uuid_time(notification.id) - interval '1 day') limit 1) as fallback_id";

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final DeferredContent deferred;

	NotificationQueries(JdbcTemplate jdbc, JsonMapper json, DeferredContent deferred) {
		this.jdbc = jdbc;
		this.json = json;
		this.deferred = deferred;
	}

	/**
	 * The bot's notification with this id.
	 */
	public Optional<NotificationView> find(String botId, UUID id) {
		return this.jdbc
			.query("select " + VIEW_COLUMNS + " from notification where id = ? and bot_id = ?",
					NotificationQueries::view, id, botId)
			.stream()
			.findFirst();
	}

	/**
	 * A page of the bot's notifications matching the filter, newest first.
	 */
	public List<NotificationView> list(String botId, NotificationFilter filter, int limit, long offset) {
		NotificationFilter.Where where = filter.where(botId, filter.from(), filter.to());
		List<Object> args = new java.util.ArrayList<>(where.args());
		args.add(limit);
		args.add(offset);
		return this.jdbc.query(
				"select " + VIEW_COLUMNS + " from notification where " + where.sql()
						+ " order by created_at desc, id desc limit ? offset ?",
				NotificationQueries::view, args.toArray());
	}

	/**
	 * Every notification of the bot matching the filter, newest first, read with a cursor
	 * so that memory stays flat whatever the count. Must run inside a transaction.
	 */
	public void forEach(String botId, NotificationFilter filter, java.util.function.Consumer<NotificationView> action) {
		NotificationFilter.Where where = filter.where(botId, filter.from(), filter.to());
		this.jdbc.query((connection) -> {
			java.sql.PreparedStatement statement = connection.prepareStatement("select " + VIEW_COLUMNS
					+ " from notification where " + where.sql() + " order by created_at desc, id desc");
			statement.setFetchSize(1000);
			for (int i = 0; i < where.args().size(); i++) {
				statement.setObject(i + 1, where.args().get(i));
			}
			return statement;
		}, (rs) -> {
			action.accept(view(rs, 0));
		});
	}

	/**
	 * A page of the bot's notifications to one recipient, newest first.
	 */
	public List<NotificationView> byDestination(String botId, String destination, int limit, long offset) {
		return this.jdbc.query("select " + VIEW_COLUMNS
				+ " from notification where bot_id = ? and destination = ? order by created_at desc, id desc limit ? offset ?",
				NotificationQueries::view, botId, destination, limit, offset);
	}

	public long countByDestination(String botId, String destination) {
		return this.jdbc.queryForObject("select count(*) from notification where bot_id = ? and destination = ?",
				Long.class, botId, destination);
	}

	/**
	 * The notifications of one Messages-surface send ({@code batch_id}), newest first.
	 */
	public List<NotificationView> byBatch(String botId, String batchId, int limit, long offset) {
		return this.jdbc.query("select " + VIEW_COLUMNS
				+ " from notification where bot_id = ? and batch_id = ? order by created_at desc, id desc limit ? offset ?",
				NotificationQueries::view, botId, batchId, limit, offset);
	}

	public long countByBatch(String botId, String batchId) {
		return this.jdbc.queryForObject("select count(*) from notification where bot_id = ? and batch_id = ?",
				Long.class, botId, batchId);
	}

	/**
	 * The notification's timeline: each stage it reached, in the funnel's order (CREATED,
	 * DELIVERED_CHANNEL, DELIVERED_USER, READ, REPLY, or FAILED after the stages before
	 * it), then what arrived after its outcome and changed nothing (a failure after
	 * delivery, a success after a failure), in the order recorded. A stage is read from
	 * the event log when it was called back (with the time it was recorded), else from
	 * the row, which keeps every stage's time (and a failure's error, a reply's text):
	 * the log is written only for callbacks and for what the row cannot keep.
	 */
	public List<StatusEventView> events(UUID id) {
		List<Logged> logged = new ArrayList<>();
		// iterates in Status's order, which is the funnel's, FAILED last
		Map<Status, StatusEventView> stages = new EnumMap<>(Status.class);
		this.jdbc.query("""
				select false as stage, status, occurred_at, error_code, error_message, reply, recorded_at, callback
				from status_event where notification_id = ?
				union all
				select true, s.status, s.at, s.error_code, s.error_message, s.reply, s.at, false
				from notification n cross join lateral (values
				    ('CREATED', n.created_at, null::int4, null::text, null::text),
				    ('DELIVERED_CHANNEL', n.delivery_channel_at, null, null, null),
				    ('DELIVERED_USER', n.delivery_user_at, null, null, null),
				    ('READ', n.read_at, null, null, null),
				    ('REPLY', n.replied_at, null, null, n.reply),
				    ('FAILED', n.failed_at, n.error_code, n.error_message, null))
				  as s(status, at, error_code, error_message, reply)
				where n.id = ? and s.at is not null
				order by recorded_at, occurred_at""", (rs) -> {
			StatusEventView event = new StatusEventView(Status.valueOf(rs.getString(2)), rs.getTimestamp(3).toInstant(),
					(Integer) rs.getObject(4), rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant());
			if (rs.getBoolean(1)) {
				stages.put(event.status(), event);
			}
			else {
				logged.add(new Logged(event, rs.getBoolean(8)));
			}
		}, id, id);
		List<StatusEventView> timeline = new ArrayList<>(stages.size() + logged.size());
		for (StatusEventView fromRow : stages.values()) {
			Logged own = logged.stream().filter((e) -> e.isStage(fromRow)).findFirst().orElse(null);
			if (own == null) {
				timeline.add(fromRow);
			}
			else {
				logged.remove(own);
				timeline.add(own.event());
			}
		}
		logged.forEach((e) -> timeline.add(e.event()));
		return timeline;
	}

	/**
	 * An event of the log, and whether it was called back.
	 */
	private record Logged(StatusEventView event, boolean calledBack) {

		/**
		 * Whether this is the stage's own event: a called-back one is (a stage is reached
		 * once); one logged with {@code callback = false} before the log held only
		 * callbacks is when its time is the stage's too.
		 */
		boolean isStage(StatusEventView stage) {
			return this.event.status() == stage.status()
					&& (this.calledBack || this.event.occurredAt().equals(stage.occurredAt()));
		}

	}

	static NotificationView view(ResultSet rs, int row) throws SQLException {
		String kind = rs.getString("failure_kind");
		return new NotificationView(rs.getObject("id", UUID.class), rs.getString("bot_id"),
				Channel.fromWire(rs.getString("channel")), Origin.valueOf(rs.getString("origin")),
				rs.getString("destination"), rs.getString("sender"), Status.valueOf(rs.getString("status")),
				rs.getString("template_name"), rs.getString("campaign_id"),
				(kind != null) ? FailureKind.valueOf(kind) : null, (Integer) rs.getObject("error_code"),
				rs.getString("error_message"), rs.getString("reply"), rs.getString("internal_id"),
				(Integer) rs.getObject("segments"), rs.getString("request"), Tracked.instant(rs, "created_at"),
				Tracked.instant(rs, "sent_at"), Tracked.instant(rs, "delivery_channel_at"),
				Tracked.instant(rs, "delivery_user_at"), Tracked.instant(rs, "read_at"),
				Tracked.instant(rs, "replied_at"), Tracked.instant(rs, "failed_at"),
				rs.getObject("fallback_of", UUID.class), rs.getObject("fallback_id", UUID.class));
	}

}
