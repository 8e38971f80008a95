package io.tidings.notification;

import java.time.Instant;

import io.tidings.common.Status;

/**
 * One entry of a notification's event timeline.
 */
public record StatusEventView(Status status, Instant occurredAt, Integer errorCode, String errorMessage, String reply,
		Instant recordedAt) {
}
