package io.tidings.notification;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.tidings.common.Channel;

/**
 * Published inside the transaction that stored these notifications, so that the dispatch
 * queue enqueues them atomically with the insert.
 */
public record NotificationsAccepted(List<Item> notifications) {

	/**
	 * One stored notification.
	 */
	public record Item(UUID id, String botId, Channel channel, Instant createdAt, Long campaignId) {
	}

}
