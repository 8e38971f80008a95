package io.tidings.notification;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.tidings.common.TimeOrderedId;

/**
 * The notifications whose events the callback stream reads from the recent day partitions
 * only, and those whose events it must be told about ({@code callback_late}, V26).
 * <p>
 * The event log is partitioned by the notification's day, and a read of the outbox after
 * a cursor has no day to prune by: with the 90 days a deployment keeps by default it
 * probed a hundred outbox indexes, about 1 ms per read. So readers look at the
 * notifications of the last {@link #READ} (and later ones) only, and a writer that
 * records an event to call back for a notification older than {@link #WRITE} (an id below
 * that day's: also ids that are not UUIDv7) leaves a row in {@code callback_late} in the
 * same transaction, which sends the partition's reader over every day until its cursor
 * has passed it. The two days between the two bounds cover a reader that looks later than
 * the writer wrote, and clocks of instances that differ. Ids are UUIDv7 made by the
 * system clock ({@link TimeOrderedId}), so that clock is the one used here, not the
 * application's.
 */
public final class OutboxWindow {

	static final Duration READ = Duration.ofDays(7);

	static final Duration WRITE = Duration.ofDays(5);

	private OutboxWindow() {
	}

	/**
	 * The lowest notification id a reader looks at: of the last {@link #READ}, or none. A
	 * lower bound only: with both, a cached plan takes them for a narrow range and may
	 * read a day's events by notification from end to end rather than the outbox index in
	 * order (seen: 43 ms per read).
	 */
	public static UUID read(boolean recent) {
		return recent ? TimeOrderedId.madeSince(READ) : TimeOrderedId.LOWEST;
	}

	/**
	 * Whether an event of this notification, written at {@code now}, must be announced in
	 * {@code callback_late}.
	 */
	static boolean late(UUID notificationId, Instant now) {
		return TimeOrderedId.DATABASE_ORDER.compare(notificationId, TimeOrderedId.at(now.minus(WRITE))) < 0;
	}

}
