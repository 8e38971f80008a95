package io.tidings.channel.smpp;

import java.util.Optional;

import io.tidings.common.FailureKind;
import io.tidings.common.Status;

/**
 * The {@code stat} of an SMPP delivery receipt, mapped to our status, failure kind and
 * seed 001 error code: the one table of this provider.
 */
enum SmppReceiptStatus {

	DELIVRD(Status.DELIVERED_USER, null, null),

	ACCEPTD(Status.DELIVERED_CHANNEL, null, null),

	/** Absent subscriber, as SMSCs report it. */
	UNDELIV(Status.FAILED, FailureKind.ABSENT, 14272),

	EXPIRED(Status.FAILED, FailureKind.EXPIRED, 1415),

	REJECTD(Status.FAILED, FailureKind.REJECTED, 1420),

	DELETED(Status.FAILED, FailureKind.ERROR, 1420),

	UNKNOWN(Status.FAILED, FailureKind.ERROR, 1420);

	private final Status status;

	private final FailureKind failureKind;

	private final Integer errorCode;

	SmppReceiptStatus(Status status, FailureKind failureKind, Integer errorCode) {
		this.status = status;
		this.failureKind = failureKind;
		this.errorCode = errorCode;
	}

	Status status() {
		return this.status;
	}

	FailureKind failureKind() {
		return this.failureKind;
	}

	Integer errorCode() {
		return this.errorCode;
	}

	/**
	 * The mapping of a receipt's {@code stat}; empty for {@code ENROUTE} and anything
	 * else that is not a final state.
	 */
	static Optional<SmppReceiptStatus> of(String stat) {
		for (SmppReceiptStatus candidate : values()) {
			if (candidate.name().equalsIgnoreCase((stat != null) ? stat.trim() : "")) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

}
