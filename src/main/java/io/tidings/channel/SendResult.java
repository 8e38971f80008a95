package io.tidings.channel;

import java.time.Duration;
import java.util.List;

import io.tidings.common.FailureKind;

/**
 * What a provider made of a delivery.
 */
public sealed interface SendResult {

	/**
	 * The provider took the message (DELIVERED_CHANNEL).
	 *
	 * @param providerRef the provider's message id
	 * @param segments parts sent (SMS), or null
	 * @param followUps statuses the provider announces
	 */
	record Accepted(String providerRef, Integer segments, List<FollowUp> followUps) implements SendResult {

		public Accepted(String providerRef) {
			this(providerRef, null, List.of());
		}

	}

	/**
	 * A transient failure: try again later.
	 *
	 * @param retryAfter the provider's own wait, or null to back off as usual
	 */
	record Retryable(String reason, Duration retryAfter) implements SendResult {
	}

	/**
	 * The provider was not tried (its circuit is open, its account is throttled): queue
	 * the message again without counting an attempt.
	 */
	record Deferred(String reason, Duration retryAfter) implements SendResult {
	}

	/**
	 * The message can never be sent as it is.
	 *
	 * @param errorCode a code of seed 001's catalogue
	 */
	record Permanent(FailureKind kind, int errorCode, String reason) implements SendResult {
	}

}
