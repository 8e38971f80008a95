package io.tidings.notification;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Accepted notifications born claimed: a push that may be sent at once is stored with the
 * lease of this instance's dispatch workers already in its {@code due_at} (and its first
 * attempt counted), and handed to them in memory once committed, so the worker need not
 * claim it: that claim was a whole-row, non-HOT update per message (the widest write of
 * the pipeline after the insert). The lease keeps the guarantees of a claim: if this
 * instance dies before the outcome, the notification becomes due again when the lease
 * ends and any instance sends it. At most {@code capacity} notifications wait here; the
 * rest are queued in the table as before. Closed (dispatch stopped), nothing is born
 * claimed and what waits is put back in the queue.
 */
@Component
public class Handoff {

	private static final Logger log = LoggerFactory.getLogger(Handoff.class);

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final Queue<SendQueue.Claimed> waiting = new ConcurrentLinkedQueue<>();

	private final Semaphore slots = new Semaphore(0);

	private volatile boolean open;

	private volatile Duration lease;

	private volatile Runnable listener;

	Handoff(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Starts taking accepted notifications for this instance's workers.
	 * @param lease how long a born-claimed notification stays invisible to other workers
	 * @param capacity most notifications waiting here
	 * @param listener told when notifications were handed over
	 */
	public synchronized void open(Duration lease, int capacity, Runnable listener) {
		this.lease = lease;
		this.listener = listener;
		this.slots.drainPermits();
		this.slots.release(capacity);
		this.open = capacity > 0;
	}

	/**
	 * Stops taking notifications and puts those still waiting back in the queue.
	 */
	public synchronized void close() {
		this.open = false;
		List<SendQueue.Claimed> left = new ArrayList<>();
		for (SendQueue.Claimed c; (c = this.waiting.poll()) != null;) {
			left.add(c);
		}
		requeue(left);
	}

	/**
	 * Takes up to {@code limit} handed-over notifications.
	 */
	public List<SendQueue.Claimed> take(int limit) {
		List<SendQueue.Claimed> taken = new ArrayList<>();
		for (SendQueue.Claimed c; taken.size() < limit && (c = this.waiting.poll()) != null;) {
			taken.add(c);
		}
		if (!taken.isEmpty()) {
			this.slots.release(taken.size());
		}
		return taken;
	}

	/**
	 * Reserves room for up to {@code wanted} notifications of a batch being stored.
	 */
	Reservation reserve(int wanted) {
		if (!this.open || wanted == 0) {
			return Reservation.NONE;
		}
		int got = 0;
		while (got < wanted && this.slots.tryAcquire()) {
			got++;
		}
		if (got == 0) {
			return Reservation.NONE;
		}
		return new Reservation(got, this.clock.instant().plus(this.lease).truncatedTo(ChronoUnit.MICROS));
	}

	/**
	 * Hands over the notifications of a committed batch that were stored born claimed.
	 */
	synchronized void handOver(Reservation reservation, List<SendQueue.Claimed> claimed) {
		if (reservation.count() > claimed.size()) {
			this.slots.release(reservation.count() - claimed.size());
		}
		if (claimed.isEmpty()) {
			return;
		}
		if (!this.open) {
			this.slots.release(claimed.size());
			requeue(claimed);
			return;
		}
		this.waiting.addAll(claimed);
		Runnable wake = this.listener;
		if (wake != null) {
			wake.run();
		}
	}

	/**
	 * Gives back the room of a batch that was not stored.
	 */
	void cancel(Reservation reservation) {
		if (reservation.count() > 0) {
			this.slots.release(reservation.count());
		}
	}

	/**
	 * Makes notifications born claimed due now again (their claim is undone), unless a
	 * worker has moved them since.
	 */
	void requeue(List<SendQueue.Claimed> claimed) {
		if (claimed.isEmpty()) {
			return;
		}
		Map<Instant, List<UUID>> byLease = new LinkedHashMap<>();
		claimed.forEach(
				(c) -> byLease.computeIfAbsent(c.leaseUntil(), (k) -> new ArrayList<>()).add(c.notification().id()));
		try {
			byLease.forEach((leaseUntil, ids) -> this.jdbc
				.update("update notification set due_at = now(), attempts = greatest(attempts - 1, 0)"
						+ " where id = any(?) and due_at = ? and status = 'CREATED'", (ps) -> {
							ps.setArray(1, ps.getConnection().createArrayOf("uuid", ids.toArray()));
							ps.setTimestamp(2, Timestamp.from(leaseUntil));
						}));
		}
		catch (RuntimeException ex) {
			log.warn("Could not put {} handed-over notifications back in the queue; they become due when their"
					+ " lease ends", claimed.size(), ex);
		}
	}

	/**
	 * Room reserved in the hand-over for a batch being stored.
	 *
	 * @param count how many of the batch may be born claimed
	 * @param leaseUntil the lease they are stored with
	 */
	record Reservation(int count, Instant leaseUntil) {

		static final Reservation NONE = new Reservation(0, null);

	}

}
