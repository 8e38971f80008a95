package io.tidings.notification;

import java.time.Instant;
import java.util.UUID;

/**
 * What a dispatch worker decided about a notification it claimed from the send queue,
 * written in the same row update as the statuses it brings.
 *
 * @param dueAt when a worker should look at the notification again (a retry, or the next
 * announced follow-up status), or null when nothing more is due
 * @param followUps the follow-up statuses still announced, as JSON, or null
 * @param lastError the last transient error, or null
 * @param attemptNotMade whether the claim counted an attempt that was not made (a
 * deferral)
 * @param claimedUntil the lease of the claim that decided it, or null to apply it
 * whatever the queue holds
 */
public record QueueChange(UUID notificationId, Instant dueAt, String followUps, String lastError,
		boolean attemptNotMade, Instant claimedUntil) {

	/**
	 * Nothing more is due, whoever holds the notification.
	 */
	public static QueueChange done(UUID notificationId) {
		return new QueueChange(notificationId, null, null, null, false, null);
	}

	/**
	 * The same change, made only while the claim that ends at {@code leaseUntil} still
	 * holds the notification: a worker whose lease ran out (another has claimed it since)
	 * changes nothing in the queue.
	 */
	public QueueChange claimedUntil(Instant leaseUntil) {
		return new QueueChange(this.notificationId, this.dueAt, this.followUps, this.lastError, this.attemptNotMade,
				leaseUntil);
	}

}
