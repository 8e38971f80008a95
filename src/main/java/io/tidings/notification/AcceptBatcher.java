package io.tidings.notification;

import java.util.concurrent.CompletableFuture;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.tidings.common.GroupCommit;

/**
 * Group commit of accepted sends ({@link GroupCommit}): a request waits on a future while
 * a writer stores everything queued so far in one transaction.
 */
@Component
class AcceptBatcher implements SmartLifecycle {

	private final GroupCommit<NotificationDraft, AcceptResult> commits;

	AcceptBatcher(NotificationWriter writer, AcceptProperties properties) {
		this.commits = new GroupCommit<>("accept-writer", properties.writers(), properties.maxBatch(),
				properties.queueCapacity(), writer::write,
				() -> new SendRejectedException(SendRejectedException.Reason.OVERLOADED, "accept"));
	}

	/**
	 * Queues a draft for the next batch.
	 * @return completes with an {@link AcceptResult} once committed
	 */
	CompletableFuture<AcceptResult> submit(NotificationDraft draft) {
		return this.commits.submit(draft);
	}

	@Override
	public void start() {
		this.commits.start();
	}

	@Override
	public void stop() {
		this.commits.stop();
	}

	@Override
	public boolean isRunning() {
		return this.commits.isRunning();
	}

	@Override
	public int getPhase() {
		// stop after the web server has stopped taking requests, before the database goes
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

}
