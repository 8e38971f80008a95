package io.tidings.common;

/**
 * How a notification came to be (API.md §5).
 */
public enum Origin {

	/** A single send. */
	API,
	/** Several recipients in one request, or a bucket without a campaign. */
	BULK,
	/** One recipient of a campaign. */
	CAMPAIGN,
	/** A free-form message inside the user's 24-hour window. */
	SESSION

}
