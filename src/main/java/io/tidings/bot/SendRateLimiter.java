package io.tidings.bot;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

import org.springframework.stereotype.Service;

/**
 * Holds each bot to its {@code rateLimitPerMinute} over the send endpoints (API.md §1),
 * with one in-process token bucket per bot.
 */
@Service
public class SendRateLimiter {

	private final Cache<String, Limited> buckets = Caffeine.newBuilder()
		.expireAfterAccess(Duration.ofMinutes(10))
		.build();

	/**
	 * Takes {@code count} sends from the bot's allowance.
	 */
	public Decision tryAcquire(Bot bot, int count) {
		Limited limited = this.buckets.asMap()
			.compute(bot.id(), (id, current) -> (current != null && current.limit() == bot.rateLimitPerMinute())
					? current : new Limited(bot.rateLimitPerMinute(), newBucket(bot.rateLimitPerMinute())));
		ConsumptionProbe probe = limited.bucket().tryConsumeAndReturnRemaining(count);
		long resetSeconds = Math.max(1, (probe.getNanosToWaitForReset() + 999_999_999L) / 1_000_000_000L);
		long retryAfter = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
		return new Decision(probe.isConsumed(), limited.limit(), probe.getRemainingTokens(), resetSeconds,
				probe.isConsumed() ? 0 : retryAfter);
	}

	private static Bucket newBucket(int perMinute) {
		return Bucket.builder()
			.addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
			.build();
	}

	/**
	 * The outcome, with what the RateLimit headers report.
	 *
	 * @param allowed whether the sends may go ahead
	 * @param limit sends allowed per minute
	 * @param remaining sends left now
	 * @param resetSeconds seconds until the allowance is full again
	 * @param retryAfterSeconds seconds to wait before trying again, when refused
	 */
	public record Decision(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {
	}

	private record Limited(int limit, Bucket bucket) {
	}

}
