package io.tidings.notification;

import java.time.Instant;
import java.util.UUID;

import io.tidings.common.FailureKind;
import io.tidings.common.Status;

/**
 * A status reported for a notification, by a provider's answer, receipt or webhook.
 *
 * @param notificationId the notification
 * @param status the status reported
 * @param occurredAt when it happened, as the reporter says
 * @param failureKind why it failed (FAILED only)
 * @param errorCode the error code of seed 001's catalogue (FAILED only)
 * @param errorMessage a readable reason (FAILED only)
 * @param reply the user's reply (REPLY only)
 * @param internalId the provider's message id, when this update makes it known
 * @param sentAt when the message was handed to the provider, when this update makes it
 * known
 * @param segments the number of parts the provider sent (SMS)
 */
public record StatusUpdate(UUID notificationId, Status status, Instant occurredAt, FailureKind failureKind,
		Integer errorCode, String errorMessage, String reply, String internalId, Instant sentAt, Integer segments) {

	public static StatusUpdate of(UUID notificationId, Status status, Instant occurredAt) {
		return new StatusUpdate(notificationId, status, occurredAt, null, null, null, null, null, null, null);
	}

	public static StatusUpdate failed(UUID notificationId, Instant occurredAt, FailureKind kind, int errorCode,
			String message) {
		return new StatusUpdate(notificationId, Status.FAILED, occurredAt, kind, errorCode, message, null, null, null,
				null);
	}

	public StatusUpdate withSent(String internalId, Instant sentAt, Integer segments) {
		return new StatusUpdate(this.notificationId, this.status, this.occurredAt, this.failureKind, this.errorCode,
				this.errorMessage, this.reply, internalId, sentAt, segments);
	}

	public StatusUpdate withReply(String reply) {
		return new StatusUpdate(this.notificationId, this.status, this.occurredAt, this.failureKind, this.errorCode,
				this.errorMessage, reply, this.internalId, this.sentAt, this.segments);
	}

}
