package io.tidings.notification;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Group commit: concurrent sends wait on a future while a writer stores everything queued
 * so far in one transaction, so throughput is bound by rows per second, not commits per
 * second. A batch that fails is retried one draft at a time, so one bad row fails only
 * its request.
 */
@Component
class AcceptBatcher implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(AcceptBatcher.class);

	private final NotificationWriter writer;

	private final AcceptProperties properties;

	private final BlockingQueue<Pending> queue;

	private final List<Thread> threads = new ArrayList<>();

	private volatile boolean running;

	AcceptBatcher(NotificationWriter writer, AcceptProperties properties) {
		this.writer = writer;
		this.properties = properties;
		this.queue = new LinkedBlockingQueue<>(properties.queueCapacity());
	}

	/**
	 * Queues a draft for the next batch.
	 * @return completes with an {@link AcceptResult} once committed
	 */
	CompletableFuture<AcceptResult> submit(NotificationDraft draft) {
		Pending pending = new Pending(draft, new CompletableFuture<>());
		if (!this.running || !this.queue.offer(pending)) {
			pending.result()
				.completeExceptionally(new SendRejectedException(SendRejectedException.Reason.OVERLOADED, "accept"));
		}
		return pending.result();
	}

	private void run() {
		List<Pending> batch = new ArrayList<>(this.properties.maxBatch());
		while (this.running || !this.queue.isEmpty()) {
			try {
				Pending first = this.queue.poll(100, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				this.queue.drainTo(batch, this.properties.maxBatch() - 1);
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

	private void write(List<Pending> batch) {
		try {
			complete(batch, this.writer.write(batch.stream().map(Pending::draft).toList()));
		}
		catch (RuntimeException ex) {
			if (batch.size() == 1) {
				log.warn("Could not store notification {}", batch.get(0).draft().id(), ex);
				batch.get(0).result().completeExceptionally(ex);
				return;
			}
			log.warn("A batch of {} notifications failed; storing them one by one", batch.size(), ex);
			for (Pending pending : batch) {
				write(List.of(pending));
			}
		}
	}

	private static void complete(List<Pending> batch, Map<NotificationDraft, Object> outcomes) {
		for (Pending pending : batch) {
			Object outcome = outcomes.get(pending.draft());
			if (outcome instanceof AcceptResult result) {
				pending.result().complete(result);
			}
			else {
				pending.result().completeExceptionally((RuntimeException) outcome);
			}
		}
	}

	@Override
	public void start() {
		this.running = true;
		for (int i = 0; i < this.properties.writers(); i++) {
			Thread thread = Thread.ofPlatform().name("accept-writer-" + i).daemon().start(this::run);
			this.threads.add(thread);
		}
	}

	@Override
	public void stop() {
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
		// stop after the web server has stopped taking requests, before the database goes
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

	private record Pending(NotificationDraft draft, CompletableFuture<AcceptResult> result) {
	}

}
