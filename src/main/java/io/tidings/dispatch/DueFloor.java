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
 * When that claim comes back full, rows may be due below the floor, so the floor is
 * dropped and every claim looks at everything until one leaves nothing due again.
 * Resuming a paused campaign of 1,000,000 recipients is such a commit: one statement
 * writes every row's due time (its start) and commits 10-20 s later; with the floor kept,
 * they were claimed one batch per full scan, about 100 a second.
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
	 * @param from the floor the claim used ({@link #at}), null if it looked at everything
	 * @param drained whether it got fewer rows than it asked for
	 */
	synchronized void claimed(Instant now, Instant from, boolean drained) {
		if (drained) {
			// a claim from a floor that was dropped meanwhile proves nothing below it
			if (from == null || from.equals(this.floor)) {
				this.floor = now.minus(MARGIN);
			}
		}
		else if (from == null) {
			this.floor = null;
		}
	}

}
