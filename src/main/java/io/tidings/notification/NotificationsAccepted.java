package io.tidings.notification;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.tidings.common.Channel;

/**
 * Published inside the transaction that stored these notifications (queued by their own
 * rows); listeners after the commit wake the dispatch workers.
 *
 * @param queued whether some wait in the table's queue (not all were born claimed and
 * handed over, {@link Handoff})
 */
public record NotificationsAccepted(List<Item> notifications, boolean queued) {

	/**
	 * One stored notification.
	 *
	 * @param dueAt when it may first be sent ({@code createdAt}, or its schedule)
	 */
	public record Item(UUID id, String botId, Channel channel, Instant createdAt, Long campaignId, Instant dueAt) {

	}

}
