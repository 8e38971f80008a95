package io.tidings.common;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.context.SmartLifecycle;

/**
 * The one worker lifecycle of the pipeline: a fixed number of platform threads, each
 * running {@link #work(int)} while {@link #running()}, started with the application and
 * stopped before the database (a late lifecycle phase), each given some seconds to finish
 * what it holds. Subclasses say what a worker does and how a sleeping one is woken
 * ({@link #wakeAll()}); the dispatch workers, the callback stream and sender, the group
 * commit writers and the polling workers share it.
 */
public abstract class Workers implements SmartLifecycle {

	private static final long INTERRUPTED_WAIT_MILLIS = 2000;

	private final String name;

	private final int count;

	private final Duration stopTimeout;

	private final List<Thread> threads = new ArrayList<>();

	private volatile boolean running;

	protected Workers(String name, int count) {
		this(name, count, Duration.ofSeconds(10));
	}

	/**
	 * @param stopTimeout how long a stop waits for each worker; a worker still busy then
	 * is interrupted
	 */
	protected Workers(String name, int count, Duration stopTimeout) {
		this.name = name;
		this.count = count;
		this.stopTimeout = stopTimeout;
	}

	/**
	 * One worker's loop; it returns once {@link #running()} is false and its work is safe
	 * to leave.
	 * @param index which of the workers this is, from 0
	 */
	protected abstract void work(int index);

	/**
	 * Wakes every sleeping worker so that it sees a stop at once.
	 */
	protected void wakeAll() {
	}

	protected final boolean running() {
		return this.running;
	}

	/**
	 * The name the workers' threads carry, for logs.
	 */
	protected final String name() {
		return this.name;
	}

	@Override
	public synchronized void start() {
		this.running = true;
		for (int i = 0; i < this.count; i++) {
			int index = i;
			String threadName = (this.count == 1) ? this.name : this.name + "-" + i;
			this.threads.add(Thread.ofPlatform().name(threadName).daemon().start(() -> work(index)));
		}
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		wakeAll();
		for (Thread thread : this.threads) {
			try {
				thread.join(this.stopTimeout.toMillis());
				if (thread.isAlive()) {
					// an interrupted worker ends what it holds (a statement, a commit)
					// before the database is stopped after this
					thread.interrupt();
					thread.join(INTERRUPTED_WAIT_MILLIS);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.threads.clear();
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
