package io.tidings.receipt;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.tidings.channel.ProviderReceipt;
import io.tidings.common.GroupCommit;
import io.tidings.notification.StatusTracker;

/**
 * Group commit of vendor webhook deliveries: concurrent deliveries wait while one writer
 * applies all their statuses and records their messages in one transaction, so a burst of
 * small webhooks costs one commit, not one each. One writer keeps the row locks of
 * concurrent batches from crossing.
 */
@Component
class WebhookCommits implements SmartLifecycle {

	private final GroupCommit<Delivery, Integer> commits;

	private final ProviderReceipts receipts;

	private final InboundMessages inbound;

	private final StatusTracker statuses;

	private final TransactionTemplate transactions;

	WebhookCommits(ProviderReceipts receipts, InboundMessages inbound, StatusTracker statuses,
			TransactionTemplate transactions) {
		this.receipts = receipts;
		this.inbound = inbound;
		this.statuses = statuses;
		this.transactions = transactions;
		this.commits = new GroupCommit<>("webhook-writer", 1, 500, 20_000, this::write,
				() -> new IllegalStateException("too many webhook deliveries waiting; try again"));
	}

	/**
	 * Queues one delivery's statuses and messages; completes once they are committed.
	 */
	CompletableFuture<Integer> submit(List<ProviderReceipt> statuses, List<InboundMessage> messages) {
		return this.commits.submit(new Delivery(statuses, messages));
	}

	private Map<Delivery, Object> write(List<Delivery> batch) {
		List<ProviderReceipt> all = new ArrayList<>();
		batch.forEach((delivery) -> all.addAll(delivery.statuses()));
		this.transactions.executeWithoutResult((tx) -> {
			this.statuses.apply(this.receipts.updates(all));
			batch.forEach((delivery) -> delivery.messages().forEach(this.inbound::record));
		});
		Map<Delivery, Object> outcomes = new IdentityHashMap<>();
		batch.forEach((delivery) -> outcomes.put(delivery, delivery.statuses().size() + delivery.messages().size()));
		return outcomes;
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

	/**
	 * One webhook delivery's work; compared by identity, two identical deliveries are
	 * two.
	 */
	private static final class Delivery {

		private final List<ProviderReceipt> statuses;

		private final List<InboundMessage> messages;

		Delivery(List<ProviderReceipt> statuses, List<InboundMessage> messages) {
			this.statuses = statuses;
			this.messages = messages;
		}

		List<ProviderReceipt> statuses() {
			return this.statuses;
		}

		List<InboundMessage> messages() {
			return this.messages;
		}

	}

}
