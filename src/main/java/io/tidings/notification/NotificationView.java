package io.tidings.notification;

import java.time.Instant;
import java.util.UUID;

import io.tidings.common.Channel;
import io.tidings.common.FailureKind;
import io.tidings.common.Origin;
import io.tidings.common.Status;

/**
 * A notification as the query endpoints show it.
 *
 * @param fallbackOf the WhatsApp notification this SMS stands in for, or null
 * @param fallbackId the SMS notification that stands in for this one, or null
 */
public record NotificationView(UUID id, String botId, Channel channel, Origin origin, String destination, String sender,
		Status status, String templateName, String campaignId, FailureKind failureKind, Integer errorCode,
		String errorMessage, String reply, String internalId, Integer segments, String requestJson, Instant createdAt,
		Instant sentAt, Instant deliveryChannelAt, Instant deliveryUserAt, Instant readAt, Instant repliedAt,
		Instant failedAt, UUID fallbackOf, UUID fallbackId) {

	public boolean wasRead() {
		return this.readAt != null || this.status == Status.READ || this.status == Status.REPLY;
	}

}
