package io.tidings.common;

/**
 * A notification's status. The successful statuses form a funnel ordered by rank;
 * {@link #FAILED} stands beside it.
 */
public enum Status {

	CREATED(0), DELIVERED_CHANNEL(1), DELIVERED_USER(2), READ(3), REPLY(4), FAILED(-1);

	private final int rank;

	Status(int rank) {
		this.rank = rank;
	}

	/**
	 * Position in the success funnel; {@code -1} for {@link #FAILED}.
	 */
	public int rank() {
		return this.rank;
	}

	public boolean reachedUser() {
		return this == DELIVERED_USER || this == READ || this == REPLY;
	}

	public static Status parse(String value) {
		return valueOf(value);
	}

}
