package io.tidings.channel.smpp;

import java.time.Duration;

/**
 * How long an SMPP sender waits for things.
 *
 * @param responseTimeout for a {@code bind_resp} or {@code submit_sm_resp}
 * @param throttlePause how long a bind rests after the SMSC says it is throttled
 * @param firstReconnect the first wait before binding again; it doubles after each
 * failure
 * @param maxReconnect the longest wait between bind attempts
 * @param receiptInterval how long receipts wait to be handed over in a batch
 * @param receiptBatch how many receipts are handed over at most at once
 */
record SmppTimings(Duration responseTimeout, Duration throttlePause, Duration firstReconnect, Duration maxReconnect,
		Duration receiptInterval, int receiptBatch) {

	static final SmppTimings DEFAULT = new SmppTimings(Duration.ofSeconds(10), Duration.ofSeconds(1),
			Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMillis(50), 500);

	/**
	 * The wait before the given attempt after failures in a row.
	 */
	Duration backoff(int failures) {
		Duration wait = this.firstReconnect.multipliedBy(1L << Math.min(Math.max(failures - 1, 0), 20));
		return (wait.compareTo(this.maxReconnect) > 0) ? this.maxReconnect : wait;
	}

}
