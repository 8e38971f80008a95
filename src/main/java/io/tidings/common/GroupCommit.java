package io.tidings.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Group commit: callers submit items and wait on a future while writer threads store
 * everything queued so far with one call (one transaction), so throughput is bound by
 * rows per second, not commits per second. A batch that fails is retried one item at a
 * time, so one bad item fails only its own caller.
 *
 * <p>
 * As a bean it starts with the context and stops after the web server has stopped taking
 * requests, before the database goes, committing what is still queued.
 *
 * @param <I> what callers submit
 * @param <O> what each caller gets back
 */
public class GroupCommit<I, O> implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

	private final String name;

	private final int writers;

	private final int maxBatch;

	private final Function<List<I>, Map<I, Object>> write;

	private final Supplier<RuntimeException> overloaded;

	private final BlockingQueue<Pending<I, O>> queue;

	private final List<Thread> threads = new ArrayList<>();

	private volatile boolean running;

	/**
	 * @param write stores a batch and answers, per item, its result or the
	 * {@link RuntimeException} that refuses it; an item left out fails with an
	 * {@link IllegalStateException}
	 * @param overloaded the failure of a submission while the queue is full or stopped
	 */
	public GroupCommit(String name, int writers, int maxBatch, int capacity, Function<List<I>, Map<I, Object>> write,
			Supplier<RuntimeException> overloaded) {
		this.name = name;
		this.writers = writers;
		this.maxBatch = maxBatch;
		this.write = write;
		this.overloaded = overloaded;
		this.queue = new LinkedBlockingQueue<>(capacity);
	}

	/**
	 * Queues an item for the next batch; the future completes once it is committed.
	 */
	public final CompletableFuture<O> submit(I item) {
		Pending<I, O> pending = new Pending<>(item, new CompletableFuture<>());
		if (!this.running || !this.queue.offer(pending)) {
			pending.result().completeExceptionally(this.overloaded.get());
		}
		return pending.result();
	}

	@Override
	public synchronized void start() {
		this.running = true;
		for (int i = 0; i < this.writers; i++) {
			this.threads.add(Thread.ofPlatform().name(this.name + "-" + i).daemon().start(this::run));
		}
	}

	/**
	 * Stops taking items, commits what is queued, and waits for the writers.
	 */
	@Override
	public synchronized void stop() {
		this.running = false;
		for (Thread thread : this.threads) {
			try {
				thread.join(10_000);
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

	private void run() {
		List<Pending<I, O>> batch = new ArrayList<>(this.maxBatch);
		while (this.running || !this.queue.isEmpty()) {
			try {
				Pending<I, O> first = this.queue.poll(100, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				this.queue.drainTo(batch, this.maxBatch - 1);
				write(batch);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			finally {
				batch.clear();
			}
		}
	}

	private void write(List<Pending<I, O>> batch) {
		try {
			complete(batch, this.write.apply(batch.stream().map(Pending::item).toList()));
		}
		catch (RuntimeException ex) {
			if (batch.size() == 1) {
				log.warn("{}: could not store {}", this.name, batch.get(0).item(), ex);
				batch.get(0).result().completeExceptionally(ex);
				return;
			}
			log.warn("{}: a batch of {} failed; storing them one by one", this.name, batch.size(), ex);
			for (Pending<I, O> pending : batch) {
				write(List.of(pending));
			}
		}
	}

	@SuppressWarnings("unchecked")
	private static <I, O> void complete(List<Pending<I, O>> batch, Map<I, Object> outcomes) {
		for (Pending<I, O> pending : batch) {
			Object outcome = outcomes.get(pending.item());
			if (outcome instanceof RuntimeException ex) {
				pending.result().completeExceptionally(ex);
			}
			else if (outcome == null) {
				pending.result().completeExceptionally(new IllegalStateException("no outcome for " + pending.item()));
			}
			else {
				pending.result().complete((O) outcome);
			}
		}
	}

	private record Pending<I, O>(I item, CompletableFuture<O> result) {
	}

}
