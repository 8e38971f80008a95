package io.tidings.common;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.UUID;

import com.github.f4b6a3.uuid.UuidCreator;

/**
 * UUIDv7 identifiers: unique across instances and sorted by creation time, so that new
 * rows land at the right edge of their index.
 */
public final class TimeOrderedId {

	private TimeOrderedId() {
	}

	/**
	 * PostgreSQL's order of uuids (byte by byte, unsigned), which for UUIDv7 is the order
	 * of creation; {@link UUID#compareTo} compares signed halves and differs from it.
	 */
	public static final Comparator<UUID> DATABASE_ORDER = (a, b) -> {
		int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
		return (high != 0) ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
	};

	public static UUID next() {
		return UuidCreator.getTimeOrderedEpoch();
	}

	/** The lowest uuid of all: a bound that excludes no id, and so no day partition. */
	public static final UUID LOWEST = new UUID(0, 0);

	/**
	 * The lowest id of the given millisecond, as {@code tidings_uuid_at} makes it (V11):
	 * a bound of the ids made from then on, and so of their day partitions.
	 */
	public static UUID at(Instant time) {
		return new UUID(time.toEpochMilli() << 16, 0);
	}

	/**
	 * The lowest id made in the last {@code period}: as a plain parameter
	 * ({@code id >= ?}) a cached plan skips the day partitions before it when it starts.
	 * By the system clock, the one ids are made by ({@link #next()}), not the
	 * application's (which tests move).
	 */
	public static UUID madeSince(Duration period) {
		return at(Instant.now().minus(period));
	}

	/**
	 * The lowest and highest of the ids in the database's order: as plain parameters
	 * ({@code id between ? and ?}) they let a cached (generic) plan skip the day
	 * partitions the ids cannot be in, which {@code id = any(?)} does not (PostgreSQL
	 * prunes on an array only when it is a constant).
	 */
	public static UUID[] bounds(Collection<UUID> ids) {
		UUID low = null;
		UUID high = null;
		for (UUID id : ids) {
			if (low == null || DATABASE_ORDER.compare(id, low) < 0) {
				low = id;
			}
			if (high == null || DATABASE_ORDER.compare(id, high) > 0) {
				high = id;
			}
		}
		if (low == null) {
			throw new IllegalArgumentException("no ids");
		}
		return new UUID[] { low, high };
	}

}
