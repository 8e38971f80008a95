package io.tidings.callback;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * When a failed delivery is tried again (API.md §9: about 5 s, 30 s, 2 min … 8 h), or
 * that it is dead.
 */
final class RetrySchedule {

	private RetrySchedule() {
	}

	/**
	 * The next attempt after the {@code attempts}-th failed at {@code failedAt}.
	 * @return when to try again, or null when the delivery is dead
	 */
	static Instant next(List<Duration> schedule, int attempts, Instant failedAt) {
		int retryIndex = attempts - 1;
		return (retryIndex >= 0 && retryIndex < schedule.size()) ? failedAt.plus(schedule.get(retryIndex)) : null;
	}

}
