package io.tidings.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Wakes idle workers when new work is committed, instead of letting them wait for the
 * next poll.
 */
final class Wakeup {

	private final Semaphore permits = new Semaphore(0);

	private final int waiters;

	Wakeup(int waiters) {
		this.waiters = waiters;
	}

	void signal() {
		if (this.permits.availablePermits() < this.waiters) {
			this.permits.release();
		}
	}

	void await(Duration timeout) throws InterruptedException {
		this.permits.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Waits for a signal, until {@code nextDue} at the latest (when work is known to
	 * become due then), or {@code poll}.
	 */
	void await(Instant now, Instant nextDue, Duration poll) throws InterruptedException {
		Duration wait = poll;
		if (nextDue != null && nextDue.isBefore(now.plus(poll))) {
			wait = nextDue.isAfter(now) ? Duration.between(now, nextDue).plusMillis(1) : Duration.ZERO;
		}
		if (!wait.isZero()) {
			await(wait);
		}
	}

}
