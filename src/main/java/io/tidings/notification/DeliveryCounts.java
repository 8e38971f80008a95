package io.tidings.notification;

/**
 * The counts of API.md §6 for a set of notifications.
 *
 * @param submitted accepted
 * @param sent handed to a provider
 * @param invalid failed as INVALID
 * @param successful reached the device
 * @param failed failed for other reasons than INVALID and ABSENT
 * @param absent failed as ABSENT
 */
public record DeliveryCounts(long submitted, long sent, long invalid, long successful, long failed, long absent,
		long queueMillis, long queueCount, long deliveryMillis, long deliveryCount) {

	/**
	 * Seconds from creation to hand-over, on average (0 when none was sent).
	 */
	public double averageQueueSeconds() {
		return (this.queueCount == 0) ? 0 : this.queueMillis / 1000.0 / this.queueCount;
	}

	/**
	 * Seconds from hand-over to the device, on average (0 when none arrived).
	 */
	public double averageDeliverySeconds() {
		return (this.deliveryCount == 0) ? 0 : this.deliveryMillis / 1000.0 / this.deliveryCount;
	}

}
