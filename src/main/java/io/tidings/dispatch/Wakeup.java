package io.tidings.dispatch;

import java.time.Duration;
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

}
