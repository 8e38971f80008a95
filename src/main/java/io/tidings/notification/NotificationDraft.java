package io.tidings.notification;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import io.tidings.common.CallbackFormat;
import io.tidings.common.Channel;
import io.tidings.common.MessageContent;
import io.tidings.common.Origin;

/**
 * A validated, rendered notification waiting to be stored.
 *
 * @param scheduledAt when it is due to be sent, or null for at once
 * @param batchId the Messages-surface send it was part of, or null
 * @param content what {@code contentJson} says, when the acceptor has it (a hand-over to
 * dispatch then needs no JSON read back), else null
 */
record NotificationDraft(UUID id, String botId, Channel channel, Origin origin, CallbackFormat callbackFormat,
		String campaignId, String templateName, String destination, String sender, String contentJson,
		String requestJson, String customPayload, String postbackUrl, Instant createdAt, String idempotencyKey,
		String requestHash, Instant scheduledAt, String batchId, MessageContent content) {

	NotificationDraft(UUID id, String botId, Channel channel, Origin origin, CallbackFormat callbackFormat,
			String campaignId, String templateName, String destination, String sender, String contentJson,
			String requestJson, String customPayload, String postbackUrl, Instant createdAt, String idempotencyKey,
			String requestHash) {
		this(id, botId, channel, origin, callbackFormat, campaignId, templateName, destination, sender, contentJson,
				requestJson, customPayload, postbackUrl, createdAt, idempotencyKey, requestHash, null, null, null);
	}

	/**
	 * When the notification may first be sent: its schedule, or its acceptance.
	 */
	Instant dueAt() {
		return (this.scheduledAt != null && this.scheduledAt.isAfter(this.createdAt)) ? this.scheduledAt
				: this.createdAt;
	}

	/**
	 * The id's hash: drafts key the group commit's outcome maps, and the record's own
	 * hash walked every field, the message's content too (0.7% of the JVM's samples per
	 * SMS). Equal drafts still have equal ids.
	 */
	@Override
	public int hashCode() {
		return Objects.hashCode(this.id);
	}

}
