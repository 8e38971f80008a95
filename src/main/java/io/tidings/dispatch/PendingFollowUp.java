package io.tidings.dispatch;

import java.time.Instant;

import io.tidings.common.FailureKind;
import io.tidings.common.Status;

/**
 * An announced status waiting in a job until it is due.
 */
record PendingFollowUp(Instant dueAt, Status status, FailureKind failureKind, Integer errorCode, String errorMessage,
		String reply) {
}
