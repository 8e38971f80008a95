package io.tidings.receipt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.tidings.channel.ProviderReceipt;
import io.tidings.channel.ReceiptSink;
import io.tidings.notification.StatusTracker;
import io.tidings.notification.StatusUpdate;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies provider receipts in batches: one query finds the notifications by the
 * providers' message ids, one transaction applies every status (duplicates and late
 * arrivals are the funnel's business).
 */
@Service
public class ProviderReceipts implements ReceiptSink {

	private final JdbcTemplate jdbc;

	private final StatusTracker statuses;

	private final TransactionTemplate transactions;

	ProviderReceipts(JdbcTemplate jdbc, StatusTracker statuses, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.statuses = statuses;
		this.transactions = transactions;
	}

	@Override
	public void accept(List<ProviderReceipt> receipts) {
		if (receipts.isEmpty()) {
			return;
		}
		this.transactions.executeWithoutResult((tx) -> this.statuses.apply(updates(receipts)));
	}

	/**
	 * The status updates for these receipts, for the notifications that exist.
	 */
	List<StatusUpdate> updates(List<ProviderReceipt> receipts) {
		Map<String, List<ProviderReceipt>> byBot = receipts.stream()
			.collect(Collectors.groupingBy(ProviderReceipt::botId));
		List<StatusUpdate> updates = new ArrayList<>(receipts.size());
		byBot.forEach((botId, ofBot) -> {
			Map<String, UUID> ids = notificationIds(botId,
					ofBot.stream().map(ProviderReceipt::providerMessageId).distinct().toList());
			for (ProviderReceipt r : ofBot) {
				UUID id = ids.get(r.providerMessageId());
				if (id != null) {
					updates.add(new StatusUpdate(id, r.status(), r.occurredAt(), r.failureKind(), r.errorCode(),
							r.errorMessage(), null, null, null, null));
				}
			}
		});
		return updates;
	}

	private Map<String, UUID> notificationIds(String botId, List<String> providerIds) {
		Map<String, UUID> ids = new HashMap<>();
		this.jdbc.query("select internal_id, id from notification where bot_id = ? and internal_id = any(?)", (ps) -> {
			ps.setString(1, botId);
			ps.setArray(2, ps.getConnection().createArrayOf("text", providerIds.toArray()));
		}, (rs) -> {
			ids.put(rs.getString(1), rs.getObject(2, UUID.class));
		});
		return ids;
	}

}
