package io.tidings.common;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A background loop on one platform thread: it works while there is work, then waits for
 * a wake-up or the poll interval. A round that throws is logged and tried again after the
 * interval. As a bean it starts with the context and stops after the web server, before
 * the database goes: the thread gets {@code stopTimeout} to finish its round, then an
 * interrupt.
 */
public abstract class PollingWorker implements SmartLifecycle {

	private final Logger log = LoggerFactory.getLogger(getClass());

	private final String name;

	private final Duration pollInterval;

	private final Duration stopTimeout;

	private final Semaphore wakeups = new Semaphore(0);

	private volatile boolean running;

	private Thread thread;

	protected PollingWorker(String name, Duration pollInterval, Duration stopTimeout) {
		this.name = name;
		this.pollInterval = pollInterval;
		this.stopTimeout = stopTimeout;
	}

	/**
	 * One round of work.
	 * @return whether there may be more to do at once (no wait before the next round)
	 */
	protected abstract boolean work();

	/**
	 * Ends the wait before the next round.
	 */
	public final void wake() {
		if (this.wakeups.availablePermits() == 0) {
			this.wakeups.release();
		}
	}

	private void loop() {
		while (this.running) {
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

	@Override
	public synchronized void start() {
		this.running = true;
		this.thread = Thread.ofPlatform().name(this.name).daemon().start(this::loop);
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		this.wakeups.release();
		try {
			this.thread.join(this.stopTimeout.toMillis());
			this.thread.interrupt();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

}
