package io.tidings.receipt;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.tidings.channel.ProviderReceipt;
import io.tidings.common.GroupCommit;
import io.tidings.notification.StatusTracker;

/**
 * Group commit of vendor webhook deliveries: concurrent deliveries wait while a writer
 * applies all their statuses and records their messages in one transaction, so a burst of
 * small webhooks costs one commit, not one each. Two writers commit in parallel: their
 * batches lock notification rows in id order and add to random rollup stripes, so they
 * neither deadlock nor queue on one row.
 */
@Component
class WebhookCommits extends GroupCommit<WebhookCommits.Delivery, Integer> {

	WebhookCommits(ProviderReceipts receipts, InboundMessages inbound, StatusTracker statuses,
			TransactionTemplate transactions) {
		super("webhook-writer", 2, 500, 20_000, (batch) -> write(batch, receipts, inbound, statuses, transactions),
				() -> new IllegalStateException("too many webhook deliveries waiting; try again"));
	}

	/**
	 * Queues one delivery's statuses and messages; completes once they are committed.
	 */
	CompletableFuture<Integer> submit(List<ProviderReceipt> statuses, List<InboundMessage> messages) {
		return submit(new Delivery(statuses, messages));
	}

	private static Map<Delivery, Object> write(List<Delivery> batch, ProviderReceipts receipts, InboundMessages inbound,
			StatusTracker statuses, TransactionTemplate transactions) {
		List<ProviderReceipt> all = new ArrayList<>();
		batch.forEach((delivery) -> all.addAll(delivery.statuses()));
		transactions.executeWithoutResult((tx) -> {
			statuses.apply(receipts.updates(all));
			batch.forEach((delivery) -> delivery.messages().forEach(inbound::record));
		});
		Map<Delivery, Object> outcomes = new IdentityHashMap<>();
		batch.forEach((delivery) -> outcomes.put(delivery, delivery.statuses().size() + delivery.messages().size()));
		return outcomes;
	}

	/**
	 * One webhook delivery's work; compared by identity, two identical deliveries are
	 * two.
	 */
	static final class Delivery {

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
