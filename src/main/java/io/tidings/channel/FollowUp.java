package io.tidings.channel;

import java.time.Duration;

import io.tidings.common.FailureKind;
import io.tidings.common.Status;

/**
 * A status a provider announces when it accepts a message, due some time later (the
 * simulator uses it; a real provider reports through receipts instead).
 */
public record FollowUp(Duration after, Status status, FailureKind failureKind, Integer errorCode, String errorMessage,
		String reply) {

	public static FollowUp of(Duration after, Status status) {
		return new FollowUp(after, status, null, null, null, null);
	}

}
