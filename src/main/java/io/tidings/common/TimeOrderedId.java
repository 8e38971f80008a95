package io.tidings.common;

import java.util.UUID;

import com.github.f4b6a3.uuid.UuidCreator;

/**
 * UUIDv7 identifiers: unique across instances and sorted by creation time, so that new
 * rows land at the right edge of their index.
 */
public final class TimeOrderedId {

	private TimeOrderedId() {
	}

	public static UUID next() {
		return UuidCreator.getTimeOrderedEpoch();
	}

}
