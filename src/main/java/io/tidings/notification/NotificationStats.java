package io.tidings.notification;

/**
 * Counts of the notifications matching a filter, by status (API.md §5).
 *
 * @param total every status ({@code TOTAL_HSM})
 * @param deliveredUser reached the device: DELIVERED_USER, READ or REPLY
 * @param read READ
 * @param replied REPLY
 */
public record NotificationStats(long total, long created, long failed, long deliveredChannel, long deliveredUser,
		long read, long replied) {

	/**
	 * Accepted by the channel or further: DELIVERED_CHANNEL, DELIVERED_USER, READ or
	 * REPLY.
	 */
	public long totalDelivered() {
		return this.deliveredChannel + this.deliveredUser;
	}

	NotificationStats plus(NotificationStats other) {
		return new NotificationStats(this.total + other.total, this.created + other.created, this.failed + other.failed,
				this.deliveredChannel + other.deliveredChannel, this.deliveredUser + other.deliveredUser,
				this.read + other.read, this.replied + other.replied);
	}

}
