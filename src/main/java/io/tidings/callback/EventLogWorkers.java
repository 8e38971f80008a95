package io.tidings.callback;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

import io.tidings.common.Workers;
import io.tidings.notification.BulkAcceptor;
import io.tidings.notification.StatusesChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * One worker per partition of the event log ({@code status_event}), each sleeping on its
 * own wake-up until a transaction that wrote events commits, and the partitions' leases
 * in {@code callback_cursor}: held by this instance for {@code streamLease}, renewed
 * every {@code streamLeaseRenewal} by one more worker for the partitions whose workers
 * are alive, given up on stop. What {@link EventStream} and {@link KafkaEventRelay}
 * share.
 */
abstract class EventLogWorkers extends Workers {

	private static final Logger log = LoggerFactory.getLogger(EventLogWorkers.class);

	/**
	 * The partitions of V6__lean_pipeline.sql: the last byte of the notification id mod
	 * 8.
	 */
	static final int PARTITIONS = StatusesChanged.OUTBOX_PARTS;

	static final String ACQUIRE = """
			update callback_cursor set owner = ?, lease_until = ?
			where part = ? and (owner = ? or owner is null or lease_until < ?) returning tx::text, seq""";

	// one statement renews every partition this instance holds whose worker is alive
	static final String RENEW = """
			update callback_cursor set lease_until = ? where owner = ? and part = any(?) returning part""";

	static final String FORGET_LATE = """
			delete from callback_late l using callback_cursor c where c.part = l.part and l.part = any(?) and l.tx < c.tx""";

	final Semaphore[] wakeups = new Semaphore[PARTITIONS];

	/** Who holds a partition in {@code callback_cursor}. */
	final String owner = UUID.randomUUID().toString();

	final Duration lease;

	private final String what;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final Duration renewal;

	// per partition: until when this instance's lease runs (epoch ms; 0: not held), and
	// when its worker last went round its loop (System.nanoTime()); the renewer keeps
	// only leases whose worker is alive
	private final AtomicLongArray heldUntil = new AtomicLongArray(PARTITIONS);

	private final AtomicLongArray beats = new AtomicLongArray(PARTITIONS);

	private final Semaphore stopping = new Semaphore(0);

	/**
	 * @param what the partitions' users, for the log ("callback", "relay")
	 */
	EventLogWorkers(String name, String what, JdbcTemplate jdbc, Clock clock, CallbackProperties properties) {
		// one worker per partition, and one that renews the partitions' leases (its index
		// is PARTITIONS)
		super(name, PARTITIONS + 1);
		for (int p = 0; p < PARTITIONS; p++) {
			this.wakeups[p] = new Semaphore(0);
		}
		this.what = what;
		this.jdbc = jdbc;
		this.clock = clock;
		this.lease = properties.streamLease();
		this.renewal = properties.streamLeaseRenewal();
	}

	/**
	 * Wakes the workers of the partitions that got events to call back (not those of a
	 * commit whose events nobody asked to have called back).
	 */
	@TransactionalEventListener
	void wake(StatusesChanged event) {
		for (int p = 0; p < PARTITIONS; p++) {
			if ((event.outboxParts() & (1 << p)) != 0 && this.wakeups[p].availablePermits() == 0) {
				this.wakeups[p].release();
			}
		}
	}

	@TransactionalEventListener
	void wake(BulkAcceptor.BulkAccepted event) {
		wakeAll();
	}

	@Override
	protected void wakeAll() {
		for (Semaphore wakeup : this.wakeups) {
			if (wakeup.availablePermits() == 0) {
				wakeup.release();
			}
		}
		if (!running()) {
			this.stopping.release();
		}
	}

	/**
	 * Stops the workers, then gives up this instance's partitions, so that another
	 * instance takes them over at once rather than when their lease ends.
	 */
	@Override
	public synchronized void stop() {
		super.stop();
		try {
			this.jdbc.update("update callback_cursor set owner = null, lease_until = null where owner = ?", this.owner);
		}
		catch (RuntimeException ex) {
			log.warn("Could not give up the {} partitions; they are taken over when their lease ends: {}", this.what,
					ex.getMessage());
		}
	}

	/**
	 * The partition's worker went round its loop: its lease is renewed.
	 */
	void beat(int part) {
		this.beats.set(part, System.nanoTime());
	}

	/**
	 * Whether a partition whose worker has not gone round its loop within the lease is
	 * still at work (waiting on something that answers).
	 */
	boolean busy(int part) {
		return false;
	}

	Instant heldUntil(int part) {
		return Instant.ofEpochMilli(this.heldUntil.get(part));
	}

	void held(int part, Instant until) {
		this.heldUntil.set(part, (until != null) ? until.toEpochMilli() : 0);
	}

	/**
	 * The renewer: every {@code streamLeaseRenewal}, extends the leases of the partitions
	 * this instance holds whose workers are alive (a worker stuck for longer lets its
	 * partition go to another instance), so that a short lease never lapses under a live
	 * instance, and one that dies hands its partitions over after at most the lease.
	 */
	void renewLeases() {
		while (running()) {
			try {
				if (this.stopping.tryAcquire(this.renewal.toMillis(), TimeUnit.MILLISECONDS)) {
					return;
				}
				renew();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				// the workers renew on their own while their lease is more than half gone
				log.warn("Renewing the {} partitions' leases failed: {}", this.what, ex.getMessage());
			}
		}
	}

	private void renew() {
		long alive = System.nanoTime() - this.lease.toNanos();
		long nowMillis = this.clock.millis();
		List<Integer> parts = new ArrayList<>();
		for (int p = 0; p < PARTITIONS; p++) {
			if (this.heldUntil.get(p) > nowMillis && (this.beats.get(p) - alive > 0 || busy(p))) {
				parts.add(p);
			}
		}
		if (parts.isEmpty()) {
			return;
		}
		Instant until = this.clock.instant().plus(this.lease);
		List<Integer> renewed = this.jdbc.query((connection) -> {
			PreparedStatement ps = connection.prepareStatement(RENEW);
			ps.setTimestamp(1, Timestamp.from(until));
			ps.setString(2, this.owner);
			ps.setArray(3, connection.createArrayOf("int4", parts.toArray()));
			return ps;
		}, (rs, row) -> rs.getInt(1));
		for (int p : parts) {
			// a partition not renewed was taken over: its worker finds out on its next
			// save
			held(p, renewed.contains(p) ? until : null);
		}
		if (!renewed.isEmpty()) {
			// announcements of late events (OutboxWindow) that the cursor has passed
			this.jdbc.update((connection) -> {
				PreparedStatement ps = connection.prepareStatement(FORGET_LATE);
				ps.setArray(1, connection.createArrayOf("int4", renewed.toArray()));
				return ps;
			});
		}
	}

}
