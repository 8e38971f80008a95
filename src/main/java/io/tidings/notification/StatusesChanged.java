package io.tidings.notification;

import java.util.List;
import java.util.UUID;

/**
 * Published inside the transaction that changed these statuses, so that listeners write
 * their own rows atomically with the change.
 *
 * @param changes the status changes made
 * @param outboxParts the partitions of the event log ({@code status_event.part}) that got
 * events to call back, one bit each: only their readers need waking after the commit
 */
public record StatusesChanged(List<StatusChange> changes, int outboxParts) {

	/**
	 * The partitions of the event log: {@code status_event.part} (V6__lean_pipeline.sql),
	 * the last byte of the notification id mod 8.
	 */
	public static final int OUTBOX_PARTS = 8;

	/**
	 * Changes that were all recorded as events to call back.
	 */
	public StatusesChanged(List<StatusChange> changes) {
		this(changes, changes.stream().mapToInt((c) -> 1 << outboxPart(c.notificationId())).reduce(0, (a, b) -> a | b));
	}

	/**
	 * The event log partition of a notification's events, as {@code status_event.part}
	 * computes it.
	 */
	public static int outboxPart(UUID notificationId) {
		return (int) ((notificationId.getLeastSignificantBits() & 0xFF) % OUTBOX_PARTS);
	}

}
