package io.tidings.common;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A background loop on one platform thread: it works while there is work, then waits for
 * a wake-up or the poll interval. A round that throws is logged and tried again after the
 * interval. As a bean it starts with the context and stops after the web server, before
 * the database goes: the thread gets {@code stopTimeout} to finish its round, then an
 * interrupt.
 */
public abstract class PollingWorker extends Workers {

	private final Logger log = LoggerFactory.getLogger(getClass());

	private final String name;

	private final Duration pollInterval;

	private final Semaphore wakeups = new Semaphore(0);

	protected PollingWorker(String name, Duration pollInterval, Duration stopTimeout) {
		super(name, 1, stopTimeout);
		this.name = name;
		this.pollInterval = pollInterval;
	}

	/**
	 * One round of work.
	 * @return whether there may be more to do at once (no wait before the next round)
	 */
	protected abstract boolean work();

	@Override
	protected final void work(int index) {
		loop();
	}

	@Override
	protected void wakeAll() {
		this.wakeups.release();
	}

	/**
	 * Ends the wait before the next round.
	 */
	public final void wake() {
		if (this.wakeups.availablePermits() == 0) {
			this.wakeups.release();
		}
	}

	private void loop() {
		while (running()) {
			boolean more;
			try {
				more = work();
			}
			catch (RuntimeException ex) {
				this.log.warn("{}: a round failed; trying again after {}", this.name, this.pollInterval, ex);
				more = false;
			}
			if (!more) {
				try {
					this.wakeups.tryAcquire(this.pollInterval.toMillis(), TimeUnit.MILLISECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

}
