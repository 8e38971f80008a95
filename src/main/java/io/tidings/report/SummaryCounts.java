package io.tidings.report;

/**
 * A set of notifications' progress through the funnel; each count includes the later
 * stages (a replied notification was also delivered and read).
 *
 * @param accepted accepted and stored
 * @param sent handed to a provider
 * @param delivered reached the device: DELIVERED_USER, READ or REPLY
 * @param read READ or REPLY
 * @param replied REPLY
 * @param failed FAILED
 * @param avgQueueMs mean milliseconds from acceptance to hand-over; null when none was
 * sent
 * @param avgDeliveryMs mean milliseconds from hand-over to the device; null when none
 * arrived
 */
public record SummaryCounts(long accepted, long sent, long delivered, long read, long replied, long failed,
		Long avgQueueMs, Long avgDeliveryMs) {

	static final SummaryCounts NONE = new SummaryCounts(0, 0, 0, 0, 0, 0, null, null);

}
