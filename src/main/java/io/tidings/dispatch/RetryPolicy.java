package io.tidings.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter for transient provider errors, bounded by a number of
 * attempts and by the message's time to live.
 */
final class RetryPolicy {

	private final Duration base;

	private final Duration max;

	private final int maxAttempts;

	private final Duration ttl;

	RetryPolicy(Duration base, Duration max, int maxAttempts, Duration ttl) {
		this.base = base;
		this.max = max;
		this.maxAttempts = maxAttempts;
		this.ttl = ttl;
	}

	/**
	 * When to try again after a failed attempt.
	 * @param attempts attempts made so far
	 * @param createdAt when the message was accepted
	 * @param now the time of the failure
	 * @param retryAfter the provider's own wait, or null
	 */
	Decision next(int attempts, Instant createdAt, Instant now, Duration retryAfter) {
		if (attempts >= this.maxAttempts) {
			return new Decision.GiveUp(false);
		}
		Duration backoff = (retryAfter != null) ? retryAfter : backoff(attempts);
		Instant at = now.plus(backoff);
		if (at.isAfter(createdAt.plus(this.ttl))) {
			return new Decision.GiveUp(true);
		}
		return new Decision.RetryAt(at);
	}

	Duration backoff(int attempts) {
		long factor = 1L << Math.min(attempts - 1, 30);
		long millis = Math.min(this.max.toMillis(), this.base.toMillis() * factor);
		long jitter = ThreadLocalRandom.current().nextLong(millis / 4 + 1);
		return Duration.ofMillis(millis - millis / 8 + jitter);
	}

	/**
	 * Try again, or stop.
	 */
	sealed interface Decision {

		record RetryAt(Instant at) implements Decision {
		}

		/**
		 * @param expired true when the time to live ran out, false when the attempts did
		 */
		record GiveUp(boolean expired) implements Decision {
		}

	}

}
