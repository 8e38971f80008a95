package io.tidings.bot;

import io.tidings.common.SharedLimits;

import org.springframework.stereotype.Service;

/**
 * Holds each bot to its {@code rateLimitPerMinute} over the send endpoints (API.md §1),
 * with one token bucket per bot shared by every instance on the database (taken in
 * chunks: no round trip per request).
 */
@Service
public class SendRateLimiter {

	private final SharedLimits limits;

	SendRateLimiter(SharedLimits limits) {
		this.limits = limits;
	}

	/**
	 * Takes {@code count} sends from the bot's allowance.
	 */
	public Decision tryAcquire(Bot bot, int count) {
		int perMinute = bot.rateLimitPerMinute();
		double perSecond = perMinute / 60.0;
		SharedLimits.Take take = this.limits.budget("bot:" + bot.id(), perMinute, perSecond).tryTake(count);
		long remaining = Math.max(0, Math.min(perMinute, take.remaining()));
		long resetSeconds = Math.max(1, (long) Math.ceil((perMinute - remaining) / perSecond));
		long retryAfter = Math.max(1, (take.retryIn().toNanos() + 999_999_999L) / 1_000_000_000L);
		return new Decision(take.granted(), perMinute, remaining, resetSeconds, take.granted() ? 0 : retryAfter);
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

}
