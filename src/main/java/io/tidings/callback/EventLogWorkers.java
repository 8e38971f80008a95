package io.tidings.callback;

import java.util.concurrent.Semaphore;

import io.tidings.common.Workers;
import io.tidings.notification.BulkAcceptor;
import io.tidings.notification.StatusesChanged;

import org.springframework.transaction.event.TransactionalEventListener;

/**
 * One worker per partition of the event log ({@code status_event}), each sleeping on its
 * own wake-up until a transaction that wrote events commits: what {@link EventStream} and
 * {@link KafkaEventRelay} share.
 */
abstract class EventLogWorkers extends Workers {

	/**
	 * The partitions of V6__lean_pipeline.sql: the last byte of the notification id mod
	 * 8.
	 */
	static final int PARTITIONS = StatusesChanged.OUTBOX_PARTS;

	final Semaphore[] wakeups = new Semaphore[PARTITIONS];

	EventLogWorkers(String name) {
		this(name, 0);
	}

	/**
	 * @param extraWorkers workers after the partitions' (their index is
	 * {@code PARTITIONS} and up)
	 */
	EventLogWorkers(String name, int extraWorkers) {
		super(name, PARTITIONS + extraWorkers);
		for (int p = 0; p < PARTITIONS; p++) {
			this.wakeups[p] = new Semaphore(0);
		}
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
	}

}
