package io.tidings.channel.whatsappcloud;

import java.time.Duration;
import java.util.Map;

import io.tidings.channel.SendResult;
import io.tidings.common.FailureKind;

/**
 * Meta's error codes mapped to what Tidings does with them, in one table: which are
 * retried, and for the rest, the failure kind and seed 001 error code.
 */
public final class WhatsAppErrors {

	private static final Duration RATE_LIMIT_BACKOFF = Duration.ofSeconds(30);

	private static final Map<Integer, Outcome> TABLE = Map.ofEntries(
			// retried: rate limits, throttling, temporary errors, an expired token
			// (messages wait
			// while the account is fixed; the circuit breaker stops hammering Meta
			// meanwhile)
			Map.entry(130429, Outcome.retry(RATE_LIMIT_BACKOFF)), Map.entry(131056, Outcome.retry(RATE_LIMIT_BACKOFF)),
			Map.entry(131048, Outcome.retry(RATE_LIMIT_BACKOFF)), Map.entry(4, Outcome.retry(RATE_LIMIT_BACKOFF)),
			Map.entry(80007, Outcome.retry(RATE_LIMIT_BACKOFF)), Map.entry(1, Outcome.retry(null)),
			Map.entry(2, Outcome.retry(null)), Map.entry(131000, Outcome.retry(null)),
			Map.entry(131016, Outcome.retry(null)), Map.entry(190, Outcome.retry(null)),
			// final
			Map.entry(131047, Outcome.fail(FailureKind.REJECTED, 1418)),
			Map.entry(131026, Outcome.fail(FailureKind.ABSENT, 14272)),
			Map.entry(132000, Outcome.fail(FailureKind.INVALID, 1429)),
			Map.entry(132001, Outcome.fail(FailureKind.INVALID, 1443)),
			Map.entry(132015, Outcome.fail(FailureKind.INVALID, 1443)),
			Map.entry(132016, Outcome.fail(FailureKind.INVALID, 1443)),
			Map.entry(131008, Outcome.fail(FailureKind.INVALID, 1426)),
			Map.entry(131009, Outcome.fail(FailureKind.INVALID, 100)),
			Map.entry(100, Outcome.fail(FailureKind.INVALID, 100)),
			Map.entry(131051, Outcome.fail(FailureKind.INVALID, 1421)),
			Map.entry(131021, Outcome.fail(FailureKind.INVALID, 1428)),
			Map.entry(131042, Outcome.fail(FailureKind.ERROR, 1414)),
			Map.entry(131045, Outcome.fail(FailureKind.ERROR, 1417)),
			Map.entry(131049, Outcome.fail(FailureKind.REJECTED, 1419)),
			Map.entry(133010, Outcome.fail(FailureKind.ERROR, 1409)),
			Map.entry(368, Outcome.fail(FailureKind.REJECTED, 1410)),
			Map.entry(131031, Outcome.fail(FailureKind.REJECTED, 1410)),
			Map.entry(131052, Outcome.fail(FailureKind.ERROR, 1413)),
			Map.entry(131053, Outcome.fail(FailureKind.ERROR, 1004)));

	private WhatsAppErrors() {
	}

	/**
	 * What an error answer to a send means.
	 * @param httpStatus the HTTP status of Meta's answer
	 * @param code Meta's {@code error.code}, or null when the body had none
	 */
	public static SendResult forSend(int httpStatus, Integer code, String message) {
		Outcome outcome = (code != null) ? TABLE.get(code) : null;
		String reason = "WhatsApp error " + ((code != null) ? code : httpStatus) + ": " + message;
		if (outcome == null) {
			return (httpStatus >= 500 || httpStatus == 429) ? new SendResult.Retryable(reason, null)
					: new SendResult.Permanent(FailureKind.REJECTED, 1420, reason);
		}
		return outcome.retry() ? new SendResult.Retryable(reason, outcome.retryAfter())
				: new SendResult.Permanent(outcome.kind(), outcome.errorCode(), reason);
	}

	/**
	 * The failure kind and code of a {@code failed} status Meta reports in a webhook.
	 */
	public static Outcome forFailedStatus(Integer code) {
		Outcome outcome = (code != null) ? TABLE.get(code) : null;
		if (outcome == null || outcome.retry()) {
			return Outcome.fail(FailureKind.ERROR, 1420);
		}
		return outcome;
	}

	/**
	 * Retry after a while, or fail with a kind and code.
	 */
	public record Outcome(boolean retry, Duration retryAfter, FailureKind kind, int errorCode) {

		static Outcome retry(Duration after) {
			return new Outcome(true, after, null, 0);
		}

		static Outcome fail(FailureKind kind, int code) {
			return new Outcome(false, null, kind, code);
		}

	}

}
