package io.tidings.receipt;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

import io.tidings.bot.Bot;
import io.tidings.bot.Bots;
import io.tidings.channel.ProviderReceipt;
import io.tidings.channel.ReceiptSink;
import io.tidings.channel.UserMessage;
import io.tidings.channel.UserMessagePart;
import io.tidings.common.Channel;
import io.tidings.common.PhoneNumber;
import io.tidings.common.TimeOrderedId;
import io.tidings.notification.StatusTracker;
import io.tidings.notification.StatusUpdate;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
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

	private static final Duration KEEP_UNMATCHED = Duration.ofMinutes(5);

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final Queue<Early> early = new ConcurrentLinkedQueue<>();

	private final InboundMessages inboundMessages;

	private final Bots bots;

	private final InboundParts parts;

	ProviderReceipts(JdbcTemplate jdbc, StatusTracker statuses, TransactionTemplate transactions, Clock clock,
			InboundMessages inboundMessages, Bots bots, InboundParts parts) {
		this.parts = parts;
		this.inboundMessages = inboundMessages;
		this.bots = bots;
		this.jdbc = jdbc;
		this.statuses = statuses;
		this.transactions = transactions;
		this.clock = clock;
	}

	/**
	 * An SMS a user sent (API.md §14): it answers the latest SMS notification to them and
	 * may opt them out.
	 */
	@Override
	public void inbound(String botId, Channel channel, UserMessage message) {
		String country = this.bots.find(botId).map(Bot::defaultCountryCode).orElse("91");
		PhoneNumber.parse(message.from(), country)
			.ifPresent((from) -> this.inboundMessages.record(new InboundMessage(botId, from.digits(), channel,
					message.text(), message.providerMessageId(), message.contextId(), message.receivedAt())));
	}

	/**
	 * A part of a user's concatenated SMS (API.md §14): kept until the message is whole,
	 * then recorded as one text.
	 */
	@Override
	public void inboundPart(String botId, Channel channel, UserMessagePart part) {
		String country = this.bots.find(botId).map(Bot::defaultCountryCode).orElse("91");
		PhoneNumber.parse(part.from(), country)
			.ifPresent((from) -> this.parts.add(botId, from.digits(), channel, part));
	}

	@Override
	public void accept(List<ProviderReceipt> receipts) {
		if (receipts.isEmpty()) {
			return;
		}
		List<ProviderReceipt> unmatched = new ArrayList<>();
		this.transactions.executeWithoutResult((tx) -> this.statuses.apply(updates(receipts, unmatched)));
		Instant now = this.clock.instant();
		unmatched.forEach((receipt) -> this.early.add(new Early(receipt, now)));
	}

	/**
	 * Tries the receipts that arrived before their message's id was recorded.
	 */
	@Scheduled(fixedDelayString = "PT1S")
	void retryEarly() {
		if (this.early.isEmpty()) {
			return;
		}
		Instant now = this.clock.instant();
		List<Early> waiting = new ArrayList<>();
		Early next;
		while ((next = this.early.poll()) != null) {
			if (next.firstSeen().plus(KEEP_UNMATCHED).isAfter(now)) {
				waiting.add(next);
			}
		}
		List<ProviderReceipt> unmatched = new ArrayList<>();
		this.transactions.executeWithoutResult(
				(tx) -> this.statuses.apply(updates(waiting.stream().map(Early::receipt).toList(), unmatched)));
		waiting.stream().filter((e) -> unmatched.contains(e.receipt())).forEach(this.early::add);
	}

	/**
	 * The status updates for these receipts, for the notifications that exist.
	 */
	List<StatusUpdate> updates(List<ProviderReceipt> receipts) {
		return updates(receipts, new ArrayList<>());
	}

	private List<StatusUpdate> updates(List<ProviderReceipt> receipts, List<ProviderReceipt> unmatched) {
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
				else {
					unmatched.add(r);
				}
			}
		});
		return updates;
	}

	private static final String LOOKUP = "select internal_id, id from notification where bot_id = ? and internal_id = any(?)";

	/** How far back the first lookup of provider ids looks. */
	static final Duration RECENT = Duration.ofDays(7);

	private record Early(ProviderReceipt receipt, Instant firstSeen) {
	}

	/**
	 * The notifications the provider's ids name. Looked for among the last week's
	 * notifications first, then, for the ids not found there, among all: the index of
	 * provider ids is one per day partition, and with the 90 days kept by default a
	 * lookup of every day probed a hundred of them for each id (a receipt names a
	 * notification sent minutes ago, a late read receipt one of days ago, an early
	 * receipt one not yet committed).
	 */
	private Map<String, UUID> notificationIds(String botId, List<String> providerIds) {
		Map<String, UUID> ids = new HashMap<>();
		lookUp(botId, providerIds, TimeOrderedId.madeSince(RECENT), ids);
		if (ids.size() < providerIds.size()) {
			lookUp(botId, providerIds.stream().filter((p) -> !ids.containsKey(p)).toList(), null, ids);
		}
		return ids;
	}

	private void lookUp(String botId, List<String> providerIds, UUID since, Map<String, UUID> ids) {
		// the bound as a plain parameter: a cached plan prunes the days before it when it
		// starts; a lower bound only, which a cached plan does not take for a narrow
		// range
		this.jdbc.query((since != null) ? LOOKUP + " and id >= ?" : LOOKUP, (ps) -> {
			ps.setString(1, botId);
			ps.setArray(2, ps.getConnection().createArrayOf("text", providerIds.toArray()));
			if (since != null) {
				ps.setObject(3, since);
			}
		}, (rs) -> {
			ids.put(rs.getString(1), rs.getObject(2, UUID.class));
		});
	}

}
