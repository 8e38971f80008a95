package io.tidings.notification;

import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.tidings.common.Status;
import io.tidings.common.TimeOrderedId;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies status updates in batches: one locking read, the funnel folded in memory, then
 * one batched write each for notifications, events and rollups, and one
 * {@link StatusesChanged} event for the callbacks, all in the caller's transaction.
 */
@Service
public class StatusTracker {

	// one set-based statement for the whole batch: each column travels as one array
	private static final String UPDATE = """
			update notification n set status = u.status, failure_kind = u.failure_kind, error_code = u.error_code,
			  error_message = u.error_message, reply = u.reply, internal_id = u.internal_id, segments = u.segments,
			  sent_at = u.sent_at, delivery_channel_at = u.delivery_channel_at, delivery_user_at = u.delivery_user_at,
			  read_at = u.read_at, replied_at = u.replied_at, failed_at = u.failed_at, due_at = u.due_at,
			  attempts = u.attempts, follow_ups = u.follow_ups::jsonb, last_error = u.last_error
			from unnest(?::text[], ?::text[], ?::int[], ?::text[], ?::text[], ?::text[], ?::int[], ?::timestamptz[],
			  ?::timestamptz[], ?::timestamptz[], ?::timestamptz[], ?::timestamptz[], ?::timestamptz[], ?::timestamptz[],
			  ?::int[], ?::text[], ?::text[], ?::uuid[])
			  as u(status, failure_kind, error_code, error_message, reply, internal_id, segments, sent_at,
			    delivery_channel_at, delivery_user_at, read_at, replied_at, failed_at, due_at, attempts, follow_ups,
			    last_error, id)
			where n.id = u.id and n.id = any(?::uuid[]) and n.id between ?::uuid and ?::uuid""";

	private static final String[] UPDATE_TYPES = { "text", "text", "int4", "text", "text", "text", "int4",
			"timestamptz", "timestamptz", "timestamptz", "timestamptz", "timestamptz", "timestamptz", "timestamptz",
			"int4", "text", "text", "uuid" };

	// an event that advanced the funnel is a status change to call back (the outbox, see
	// callback.EventStream)
	// one statement of one shape for the batch's events, in the order they were applied
	// (their seq orders one notification's callbacks)
	private static final String EVENT = """
			insert into status_event (notification_id, status, occurred_at, error_code, error_message, reply, recorded_at,
			  callback)
			select id, status, occurred_at, error_code, error_message, reply, recorded_at, callback
			from unnest(?::uuid[], ?::text[], ?::timestamptz[], ?::int4[], ?::text[], ?::text[], ?::timestamptz[],
			  ?::bool[]) with ordinality
			  as u(id, status, occurred_at, error_code, error_message, reply, recorded_at, callback, n)
			order by n""";

	private static final String[] EVENT_TYPES = { "uuid", "text", "timestamptz", "int4", "text", "text", "timestamptz",
			"bool" };

	private final JdbcTemplate jdbc;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final CallbackChoice callbacks;

	StatusTracker(JdbcTemplate jdbc, ApplicationEventPublisher events, Clock clock, CallbackChoice callbacks) {
		this.callbacks = callbacks;
		this.jdbc = jdbc;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Applies the updates in order; unknown notification ids are skipped.
	 * @return the status changes made
	 */
	@Transactional
	public List<StatusChange> apply(List<StatusUpdate> updates) {
		return apply(updates, List.of());
	}

	/**
	 * Applies the updates in order and the send queue's changes, in one row write per
	 * notification.
	 * @return the status changes made
	 */
	@Transactional
	public List<StatusChange> apply(List<StatusUpdate> updates, List<QueueChange> queue) {
		if (updates.isEmpty() && queue.isEmpty()) {
			return List.of();
		}
		Set<UUID> ids = new HashSet<>();
		updates.forEach((u) -> ids.add(u.notificationId()));
		queue.forEach((q) -> ids.add(q.notificationId()));
		Map<UUID, Tracked> tracked = lock(ids);
		Instant now = this.clock.instant();
		Rollups rollups = new Rollups();
		List<Object[]> events = new ArrayList<>();
		List<StatusChange> changes = new ArrayList<>();
		int outboxParts = 0;
		int lateParts = 0;
		// the clock ids are made by (OutboxWindow)
		Instant written = Instant.now();
		for (StatusUpdate update : updates) {
			Tracked n = tracked.get(update.notificationId());
			int changed = changes.size();
			StatusFunnel.Effect effect = (n != null) ? fold(n, update, rollups, changes) : StatusFunnel.Effect.IGNORE;
			// called back: a change of the funnel the bot asked for (callbackEvents,
			// decided as the event is recorded)
			boolean callback = n != null && changes.size() > changed
					&& this.callbacks.wanted(n.botId, n.postbackUrl, changes.get(changes.size() - 1).status());
			// an event row is the outbox entry of a callback, or the only trace of a
			// status the row does not keep (RECORD_ONLY); the other events are the row's
			// stage times, which NotificationQueries.events reads back
			if (callback || effect.needsEventRow()) {
				events.add(new Object[] { n.id, update.status().name(), update.occurredAt(), update.errorCode(),
						update.errorMessage(), update.reply(), now, callback });
				if (callback) {
					outboxParts |= 1 << StatusesChanged.outboxPart(n.id);
					if (OutboxWindow.late(n.id, written)) {
						lateParts |= 1 << StatusesChanged.outboxPart(n.id);
					}
				}
			}
		}
		for (QueueChange change : queue) {
			Tracked n = tracked.get(change.notificationId());
			if (n != null && (change.claimedUntil() == null || change.claimedUntil().equals(n.dueAt))) {
				n.dueAt = change.dueAt();
				n.followUps = change.followUps();
				n.lastError = change.lastError();
				if (change.attemptNotMade()) {
					n.attempts = Math.max(0, n.attempts - 1);
				}
				n.dirty = true;
			}
		}
		List<Object[]> rows = tracked.values().stream().filter((n) -> n.dirty).map(StatusTracker::row).toList();
		if (!rows.isEmpty()) {
			update(rows);
		}
		if (!events.isEmpty()) {
			// the events, and the rollups with them when there are any: one round trip
			boolean withRollups = !rollups.isEmpty();
			this.jdbc.update((connection) -> {
				PreparedStatement ps = connection
					.prepareStatement(withRollups ? "with e as (" + EVENT + ")\n" + Rollups.UPSERT_ARRAYS : EVENT);
				ColumnArrays.bind(ps, 1, events, EVENT_TYPES);
				if (withRollups) {
					rollups.bind(ps, EVENT_TYPES.length + 1);
				}
				return ps;
			});
		}
		else {
			rollups.write(this.jdbc);
		}
		if (lateParts != 0) {
			// the partitions' readers look at recent days only until their cursor has
			// passed
			// this transaction (OutboxWindow)
			List<Object[]> late = new ArrayList<>();
			for (int p = 0; p < StatusesChanged.OUTBOX_PARTS; p++) {
				if ((lateParts & (1 << p)) != 0) {
					late.add(new Object[] { p });
				}
			}
			this.jdbc.batchUpdate("insert into callback_late (part) values (?)", late);
		}
		if (!changes.isEmpty()) {
			this.events.publishEvent(new StatusesChanged(changes, outboxParts));
		}
		return changes;
	}

	/**
	 * Folds one update into the notification.
	 * @return what the update did
	 */
	private static StatusFunnel.Effect fold(Tracked n, StatusUpdate u, Rollups rollups, List<StatusChange> changes) {
		boolean wasSent = n.sentAt != null;
		boolean hadReachedUser = n.deliveryUserAt != null;
		if (u.sentAt() != null && n.sentAt == null) {
			n.sentAt = u.sentAt();
			n.dirty = true;
		}
		if (u.internalId() != null && !u.internalId().equals(n.internalId)) {
			n.internalId = u.internalId();
			n.dirty = true;
		}
		if (u.segments() != null && !u.segments().equals(n.segments)) {
			n.segments = u.segments();
			n.dirty = true;
		}
		StatusFunnel.Effect effect = StatusFunnel.effect(n.status, u.status(), n.stageTime(u.status()) != null);
		switch (effect) {
			case ADVANCE -> {
				Status from = n.status;
				n.status = u.status();
				n.setStageTime(u.status(), u.occurredAt());
				if (u.status() == Status.FAILED) {
					n.failureKind = u.failureKind();
					n.errorCode = u.errorCode();
					n.errorMessage = u.errorMessage();
				}
				if (u.status() == Status.REPLY) {
					n.reply = u.reply();
				}
				n.dirty = true;
				rollups.moved(n, from, n.status);
				changes.add(n.change(u.occurredAt()));
			}
			case FILL_TIMESTAMP -> {
				n.setStageTime(u.status(), u.occurredAt());
				n.dirty = true;
			}
			case RECORD_ONLY, IGNORE -> {
			}
		}
		if (!wasSent && n.sentAt != null) {
			rollups.sent(n);
		}
		if (!hadReachedUser && n.deliveryUserAt != null && n.sentAt != null) {
			rollups.reachedUser(n);
		}
		return effect;
	}

	private Map<UUID, Tracked> lock(Collection<UUID> ids) {
		UUID[] sorted = ids.stream().sorted().toArray(UUID[]::new);
		UUID[] bounds = TimeOrderedId.bounds(ids);
		Map<UUID, Tracked> tracked = new HashMap<>(sorted.length * 2);
		this.jdbc.query(
				"select " + Tracked.COLUMNS
						+ " from notification where id = any(?) and id between ? and ? order by id for update",
				(ps) -> {
					ps.setArray(1, ps.getConnection().createArrayOf("uuid", sorted));
					ps.setObject(2, bounds[0]);
					ps.setObject(3, bounds[1]);
				}, (rs) -> {
					Tracked n = Tracked.map(rs, 0);
					tracked.put(n.id, n);
				});
		return tracked;
	}

	private void update(List<Object[]> rows) {
		this.jdbc.update((connection) -> {
			PreparedStatement ps = connection.prepareStatement(UPDATE);
			ColumnArrays.bind(ps, 1, rows, UPDATE_TYPES);
			// the ids again, as plain conditions on the partition key: a custom plan
			// prunes the notification's day partitions with the array (it cannot through
			// the join), a cached generic plan with the bounds (TimeOrderedId.bounds);
			// else it may hash-join the batch against every partition
			List<UUID> ids = new ArrayList<>(rows.size());
			for (Object[] row : rows) {
				ids.add((UUID) row[UPDATE_TYPES.length - 1]);
			}
			ps.setArray(UPDATE_TYPES.length + 1, connection.createArrayOf("uuid", ids.toArray()));
			UUID[] bounds = TimeOrderedId.bounds(ids);
			ps.setObject(UPDATE_TYPES.length + 2, bounds[0]);
			ps.setObject(UPDATE_TYPES.length + 3, bounds[1]);
			return ps;
		});
	}

	private static Object[] row(Tracked n) {
		return new Object[] { n.status.name(), (n.failureKind != null) ? n.failureKind.name() : null, n.errorCode,
				n.errorMessage, n.reply, n.internalId, n.segments, n.sentAt, n.deliveryChannelAt, n.deliveryUserAt,
				n.readAt, n.repliedAt, n.failedAt, n.dueAt, n.attempts, n.followUps, n.lastError, n.id };
	}

}
