package io.tidings.common;

/**
 * Why a notification failed (API.md §3).
 */
public enum FailureKind {

	/** Rejected before sending: bad number, missing params. */
	INVALID,
	/** Recipient unreachable, absent subscriber, not on WhatsApp. */
	ABSENT,
	/** Not delivered within its time to live. */
	EXPIRED,
	/** The provider refused it. */
	REJECTED,
	/** Anything else. */
	ERROR

}
