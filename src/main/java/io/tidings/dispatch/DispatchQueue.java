package io.tidings.dispatch;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import io.tidings.common.Channel;
import io.tidings.notification.BulkAcceptor;
import io.tidings.notification.NotificationsAccepted;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The {@code dispatch_job} table: a job is due when {@code run_at} has passed, and
 * claiming it pushes {@code run_at} forward by the lease, so a worker that dies leaves
 * jobs that become due again by themselves.
 */
@Component
class DispatchQueue {

	private static final String ENQUEUE = "insert into dispatch_job (notification_id, bot_id, channel, run_at, campaign_id) values (?, ?, ?, ?, ?)";

	private static final String CLAIM = """
			update dispatch_job j set run_at = ?, attempts = j.attempts + (case when j.phase = 0 then 1 else 0 end)
			where j.notification_id in (
			  select notification_id from dispatch_job where run_at <= ? order by run_at limit ? for update skip locked)
			returning j.notification_id, j.bot_id, j.channel, j.phase, j.attempts, j.follow_ups::text""";

	private final JdbcTemplate jdbc;

	private final Wakeup wakeup;

	DispatchQueue(JdbcTemplate jdbc, Wakeup wakeup) {
		this.jdbc = jdbc;
		this.wakeup = wakeup;
	}

	/**
	 * Enqueues accepted notifications in the transaction that stores them.
	 */
	@EventListener
	void enqueue(NotificationsAccepted accepted) {
		List<Object[]> rows = new ArrayList<>(accepted.notifications().size());
		for (NotificationsAccepted.Item item : accepted.notifications()) {
			rows.add(new Object[] { item.id(), item.botId(), item.channel().wire(), Timestamp.from(item.dueAt()),
					item.campaignId() });
		}
		this.jdbc.batchUpdate(ENQUEUE, rows);
	}

	@TransactionalEventListener
	void wake(NotificationsAccepted accepted) {
		this.wakeup.signal();
	}

	@TransactionalEventListener
	void wake(BulkAcceptor.BulkAccepted accepted) {
		this.wakeup.signal();
	}

	/**
	 * Claims up to {@code limit} due jobs until {@code leaseUntil}.
	 */
	List<Job> claim(int limit, Instant now, Instant leaseUntil) {
		return this.jdbc.query(CLAIM,
				(rs, row) -> new Job(rs.getObject(1, UUID.class), rs.getString(2), Channel.fromWire(rs.getString(3)),
						rs.getInt(4), rs.getInt(5), rs.getString(6)),
				Timestamp.from(leaseUntil), Timestamp.from(now), limit);
	}

	void delete(Collection<UUID> ids) {
		if (!ids.isEmpty()) {
			this.jdbc.update("delete from dispatch_job where notification_id = any(?)",
					(ps) -> ps.setArray(1, ps.getConnection().createArrayOf("uuid", ids.toArray())));
		}
	}

	void retry(List<Retry> retries) {
		if (!retries.isEmpty()) {
			this.jdbc.batchUpdate("update dispatch_job set run_at = ?, last_error = ? where notification_id = ?",
					retries.stream()
						.map((r) -> new Object[] { Timestamp.from(r.at()), r.error(), r.notificationId() })
						.toList());
		}
	}

	/**
	 * Queues jobs again without counting the attempt that was not made.
	 */
	void defer(List<Retry> deferrals) {
		if (!deferrals.isEmpty()) {
			this.jdbc.batchUpdate(
					"update dispatch_job set run_at = ?, last_error = ?, attempts = greatest(attempts - 1, 0) where notification_id = ?",
					deferrals.stream()
						.map((r) -> new Object[] { Timestamp.from(r.at()), r.error(), r.notificationId() })
						.toList());
		}
	}

	void awaitFollowUps(List<Waiting> waiting) {
		if (!waiting.isEmpty()) {
			this.jdbc.batchUpdate(
					"update dispatch_job set phase = 1, run_at = ?, follow_ups = ?::jsonb where notification_id = ?",
					waiting.stream()
						.map((w) -> new Object[] { Timestamp.from(w.at()), w.followUps(), w.notificationId() })
						.toList());
		}
	}

	/**
	 * Jobs waiting to be sent, and when the oldest of them became due.
	 */
	QueueDepth depth() {
		return this.jdbc.queryForObject("select count(*), min(run_at) from dispatch_job where phase = 0",
				(rs, row) -> new QueueDepth(rs.getLong(1),
						(rs.getTimestamp(2) != null) ? rs.getTimestamp(2).toInstant() : null));
	}

	record Retry(UUID notificationId, Instant at, String error) {
	}

	record Waiting(UUID notificationId, Instant at, String followUps) {
	}

	record QueueDepth(long count, Instant oldestDue) {
	}

}
