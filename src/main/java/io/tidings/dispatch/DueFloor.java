package io.tidings.dispatch;

import java.time.Duration;
import java.time.Instant;

/**
 * Where a claim may start looking in the {@code due_at} index. Every due time written is
 * at least the time it was written (a send is due when accepted, a retry or announced
 * status later), so once a claim at {@code t} left nothing due behind (it got fewer rows
 * than it asked for), later claims need not look before {@code t} minus a margin for
 * commits that were slow to land. Every {@link #FULL_SCAN} one claim looks at everything,
 * for what a margin cannot cover (a claim rolled back, a commit slower than the margin).
 */
final class DueFloor {

	static final Duration MARGIN = Duration.ofSeconds(5);

	static final Duration FULL_SCAN = Duration.ofSeconds(10);

	private volatile Instant floor;

	private volatile Instant lastFullScan = Instant.EPOCH;

	/**
	 * The floor for a claim at {@code now}, or null to look at everything.
	 */
	Instant at(Instant now) {
		// a clock set back (NTP, a test's clock) writes due times below the floor: look
		// at everything until claims have set the floor from the new time
		boolean setBack = now.isBefore(this.lastFullScan) || (this.floor != null && !now.isAfter(this.floor));
		if (this.floor == null || setBack || Duration.between(this.lastFullScan, now).compareTo(FULL_SCAN) >= 0) {
			this.lastFullScan = now;
			return null;
		}
		return this.floor;
	}

	/**
	 * Records a claim made at {@code now}.
	 * @param drained whether it got fewer rows than it asked for
	 */
	void claimed(Instant now, boolean drained) {
		if (drained) {
			this.floor = now.minus(MARGIN);
		}
	}

}
