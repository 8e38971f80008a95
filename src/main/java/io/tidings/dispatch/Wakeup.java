package io.tidings.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Wakes idle workers when new work is committed, instead of letting them wait for the
 * next poll.
 */
final class Wakeup {

	private final Semaphore permits = new Semaphore(0);

	private final int waiters;

	private final AtomicBoolean tableWork = new AtomicBoolean();

	Wakeup(int waiters) {
		this.waiters = waiters;
	}

	/**
	 * Wakes a worker for notifications handed over in memory ({@code Handoff}).
	 */
	void signal() {
		if (this.permits.availablePermits() < this.waiters) {
			this.permits.release();
		}
	}

	/**
	 * Wakes a worker for notifications queued in the table.
	 */
	void signalTable() {
		this.tableWork.set(true);
		signal();
	}

	/**
	 * Whether notifications were queued in the table since the last call.
	 */
	boolean tableWork() {
		return this.tableWork.getAndSet(false);
	}

	/**
	 * @return whether a signal ended the wait
	 */
	boolean await(Duration timeout) throws InterruptedException {
		return this.permits.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Waits for a signal, until {@code nextDue} at the latest (when work is known to
	 * become due then), or {@code poll}.
	 * @return whether a signal ended the wait
	 */
	boolean await(Instant now, Instant nextDue, Duration poll) throws InterruptedException {
		Duration wait = poll;
		if (nextDue != null && nextDue.isBefore(now.plus(poll))) {
			wait = nextDue.isAfter(now) ? Duration.between(now, nextDue).plusMillis(1) : Duration.ZERO;
		}
		return !wait.isZero() && await(wait);
	}

}
