package io.tidings.api;

import io.tidings.bot.Bot;
import io.tidings.bot.SendRateLimiter;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Applies the bot's send rate limit to a send request and reports it in the
 * {@code RateLimit-*} headers; over the limit answers 429 with {@code Retry-After}.
 */
@Component
public class RateLimits {

	private static final String LIMIT = "RateLimit-Limit";

	private static final String REMAINING = "RateLimit-Remaining";

	private static final String RESET = "RateLimit-Reset";

	private static final String[] NAMES = { LIMIT, REMAINING, RESET };

	private final SendRateLimiter limiter;

	RateLimits(SendRateLimiter limiter) {
		this.limiter = limiter;
	}

	/**
	 * Takes {@code count} sends from the bot's allowance.
	 * @return the headers to answer with
	 * @throws RateLimitedException over the limit
	 */
	public HttpHeaders acquire(Bot bot, int count) {
		SendRateLimiter.Decision decision = this.limiter.tryAcquire(bot, count);
		HttpHeaders headers = new HttpHeaders();
		headers.set(LIMIT, Long.toString(decision.limit()));
		headers.set(REMAINING, Long.toString(decision.remaining()));
		headers.set(RESET, Long.toString(decision.resetSeconds()));
		if (!decision.allowed()) {
			headers.set(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
			throw new RateLimitedException(headers, decision.limit());
		}
		return headers;
	}

	/**
	 * Writes the headers {@link #acquire} gave onto a servlet response, by name:
	 * {@link HttpHeaders#forEach} builds a case-insensitive set of them first, 2% of the
	 * JVM's samples per push.
	 */
	public static void write(HttpHeaders headers, HttpServletResponse response) {
		for (String name : NAMES) {
			String value = headers.getFirst(name);
			if (value != null) {
				response.setHeader(name, value);
			}
		}
	}

	/**
	 * The bot sent more than its limit allows.
	 */
	public static class RateLimitedException extends ApiException {

		RateLimitedException(HttpHeaders headers, long limit) {
			super(HttpStatus.TOO_MANY_REQUESTS, ErrorCodes.RATE_LIMITED,
					"rate limit of " + limit + " sends per minute exceeded; retry after the Retry-After seconds",
					headers);
		}

	}

}
