package io.tidings.callback;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Outbound webhook delivery.
 *
 * @param retrySchedule waits before each retry (API.md §9); after the last, a delivery is
 * dead
 * @param timeout connect and response timeout of one attempt
 * @param batchSize most deliveries claimed at once
 * @param maxInFlight most attempts under way at once
 * @param perEndpoint most attempts under way at once to one endpoint
 * @param lease how long a claimed delivery stays invisible to other instances
 * @param pollInterval how long the sender waits when no wake-up comes
 * @param handoffAfter how long a batch of first attempts read from the event log waits
 * for its slowest endpoints before handing their attempts over to the delivery queue
 * (rows), so that a slow endpoint never holds up the others' callbacks
 * @param streamInFlight most first attempts under way at once, handed-over ones included
 * @param streamLease how long an instance holds a partition of the event log
 * ({@code callback_cursor}) without renewing it: an instance that dies hands its
 * partitions to the others after this
 * @param streamLeaseRenewal how often a live instance renews the leases of the partitions
 * it holds (well under {@code streamLease}), and how often an instance tries to take a
 * partition whose lease has ended
 * @param streamReadSpacing least time between two reads of the event log: the partitions
 * that want to read meanwhile share the next read (a read after a quiet spell is made at
 * once; under load, fewer and larger reads for at most this much more latency)
 */
@ConfigurationProperties("tidings.callback")
record CallbackProperties(@DefaultValue( {
		"5s", "30s", "2m", "10m", "30m", "1h", "2h", "4h", "8h" }) List<Duration> retrySchedule,
		@DefaultValue("5s") Duration timeout, @DefaultValue("500") int batchSize, @DefaultValue("512") int maxInFlight,
		@DefaultValue("32") int perEndpoint, @DefaultValue("2m") Duration lease,
		@DefaultValue("1s") Duration pollInterval, @DefaultValue("1s") Duration handoffAfter,
		@DefaultValue("4096") int streamInFlight, @DefaultValue("10s") Duration streamLease,
		@DefaultValue("3s") Duration streamLeaseRenewal, @DefaultValue("20ms") Duration streamReadSpacing){

	CallbackProperties {
		if (streamLeaseRenewal.isZero() || streamLeaseRenewal.isNegative()
				|| streamLeaseRenewal.multipliedBy(2).compareTo(streamLease) > 0) {
			throw new IllegalArgumentException("tidings.callback.stream-lease-renewal (" + streamLeaseRenewal
					+ ") must be positive and at most half of tidings.callback.stream-lease (" + streamLease + ")");
		}
	}

}
