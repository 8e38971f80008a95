package io.tidings.callback;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One status callback and what became of it.
 *
 * @param state {@code PENDING}, {@code DELIVERED} or {@code DEAD}
 * @param nextAttemptAt when a pending delivery is tried next
 */
public record WebhookDelivery(UUID id, UUID notificationId, String url, String event, String payload, String state,
		int attempts, Integer lastStatusCode, String lastError, Instant createdAt, Instant deliveredAt,
		Instant nextAttemptAt, List<AttemptView> attemptLog) {

	/**
	 * One attempt: when, the response code (null when no response came), the error.
	 */
	public record AttemptView(Instant at, Integer statusCode, String error, int durationMs) {
	}

}
