package io.tidings.callback;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.tidings.common.CallbackFormat;
import io.tidings.common.Channel;
import io.tidings.common.Origin;
import io.tidings.common.Status;
import io.tidings.notification.StatusChange;
import io.tidings.stream.ConditionalOnNoKafka;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * First attempts of status callbacks, read from the event log ({@code status_event}) as
 * an outbox: one worker per partition reads the events after its cursor in commit order
 * (partitions that read at the same time share the statements, {@link EventReads}), posts
 * them through {@link FirstAttempts} (a notification's callbacks one after the other,
 * notifications in parallel), and moves the cursor. A callback that succeeds writes
 * nothing; one that fails, or is still under way when {@code handoffAfter} has passed,
 * gets a {@code webhook_delivery} row that {@link CallbackSender} retries and the
 * delivery log shows. The cursor moves only after the batch's outcome is written, so a
 * crash resends at most the batch (at least once). Partitions are leased in
 * {@code callback_cursor}, so several instances share them.
 */
@Component
@ConditionalOnNoKafka // in the Kafka mode, KafkaEventRelay and KafkaCallbacks take its
						// place
class EventStream extends EventLogWorkers {

	private static final Logger log = LoggerFactory.getLogger(EventStream.class);

	/** How often a partition whose callbacks all succeed saves its cursor, at most. */
	private static final Duration SAVE_EVERY = Duration.ofMillis(250);

	// the Kafka relay's read (KafkaEventRelay; this stream reads through EventReads): an
	// event is readable once no transaction older than the one that wrote it is running;
	// each event's notification is looked up by its id (one day partition per lookup) in
	// a lateral subquery, which the planner cannot turn into a hash join against every
	// partition
	private static final String COLUMNS = """
			select e.seq, e.tx::text, e.notification_id, e.status, e.occurred_at, e.error_code, e.error_message, e.reply,
			  n.bot_id, n.channel, n.origin, n.callback_format, n.campaign_id, n.template_name, n.destination,
			  n.custom_payload::text, n.postback_url""";

	private static final String AFTER_CURSOR = """
			from status_event e cross join lateral (select bot_id, channel, origin, callback_format, campaign_id,
			  template_name, destination, custom_payload, postback_url from notification where id = e.notification_id
			  offset 0) n
			where e.part = ? and e.callback and (e.tx, e.seq) > (?::xid8, ?)""";

	static final String READ = COLUMNS + "\n" + AFTER_CURSOR + """

			  and e.tx < pg_snapshot_xmin(pg_current_snapshot())
			order by e.tx, e.seq limit ?""";

	// events after the cursor that are committed or not: while some are not readable yet,
	// an older transaction is about to commit and the worker looks again at once. Not
	// "exists (...)": PostgreSQL drops the order and limit inside an EXISTS, and a cached
	// plan then expects a sequential scan to find a match soon; when there is none (the
	// usual case) it reads the whole day partition, every time
	static final String WAITING = """
			select (select 1 from status_event e where e.part = ? and e.callback and (e.tx, e.seq) > (?::xid8, ?)
			  order by e.tx, e.seq limit 1) is not null""";

	/**
	 * Other instances' events wake nobody here: an idle worker looks at least this often.
	 */
	private static final long IDLE_POLL_MILLIS = 1000;

	static final String ADVANCE = """
			update callback_cursor set tx = ?::xid8, seq = ?, lease_until = ? where part = ? and owner = ?""";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final FirstAttempts firstAttempts;

	private final CallbackProperties properties;

	private final Clock clock;

	private final EventReads reads;

	EventStream(JdbcTemplate jdbc, TransactionTemplate transactions, FirstAttempts firstAttempts,
			CallbackProperties properties, Clock clock) {
		super("callback-stream", "callback", jdbc, clock, properties);
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.firstAttempts = firstAttempts;
		this.properties = properties;
		this.clock = clock;
		this.reads = new EventReads(jdbc, properties.streamReadSpacing());
	}

	@Override
	protected void work(int part) {
		if (part == PARTITIONS) {
			renewLeases();
			return;
		}
		Cursor cursor = null;
		long blocked = 0;
		boolean everyDay = true;
		while (running()) {
			try {
				beat(part);
				Instant now = this.clock.instant();
				if (cursor == null || Duration.between(now, heldUntil(part)).compareTo(this.lease.dividedBy(2)) < 0) {
					everyDay |= cursor == null;
					cursor = (cursor != null && !cursor.saved()) ? save(part, cursor) : acquire(part, now);
				}
				if (cursor == null) {
					// a partition another instance holds: taken over soon after its lease
					// ends
					this.wakeups[part].tryAcquire(this.properties.streamLeaseRenewal().toMillis(),
							TimeUnit.MILLISECONDS);
					continue;
				}
				EventReads.Read read = this.reads.read(part, cursor.tx(), cursor.seq(), everyDay);
				// a partition just taken may be behind by more than the window; so may a
				// partition whose reads come back full
				everyDay = read.full();
				if (!read.events().isEmpty()) {
					cursor = process(part, cursor, read.events());
				}
				EventReads.Logged last = read.last();
				if (last != null && !(last.tx().equals(cursor.tx()) && last.seq() == cursor.seq())) {
					// the last events read are of notifications gone with their day
					// (retention): nothing to call back, passed over
					cursor = new Cursor(last.tx(), last.seq(), cursor.leaseUntil(), cursor.savedAt(), false);
				}
				if (read.full()) {
					continue;
				}
				if (read.events().isEmpty() && !cursor.saved()) {
					cursor = save(part, cursor);
				}
				if (read.blocked()) {
					// an event can stay unreadable for a moment behind an older
					// transaction that is about to commit: then look again soon (2 ms,
					// backing off to 64 ms behind a long one)
					blocked = Math.min(Math.max(blocked * 2, 2), 64);
					this.wakeups[part].tryAcquire(blocked, TimeUnit.MILLISECONDS);
					continue;
				}
				blocked = 0;
				// everything readable is posted: sleep until a commit wakes this
				// partition (one that lands while the batch was posted has already left
				// its wake-up), saving a cursor that moved in memory only after
				// SAVE_EVERY
				long idle = Math.min(IDLE_POLL_MILLIS, this.properties.pollInterval().toMillis());
				this.wakeups[part].tryAcquire(cursor.saved() ? idle : Math.min(idle, SAVE_EVERY.toMillis()),
						TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (LostLeaseException ex) {
				// another instance took the partition over (this one was stalled past its
				// lease): it sends from the saved cursor; this one tries again later
				log.info("Callback partition {} was taken over by another instance", part);
				cursor = null;
			}
			catch (RuntimeException ex) {
				log.warn("Callback partition {} failed; its events will be read again", part, ex);
				cursor = null;
				sleep(Duration.ofMillis(Math.min(IDLE_POLL_MILLIS, this.properties.pollInterval().toMillis())));
			}
		}
		if (cursor != null && !cursor.saved()) {
			// stopping: what was posted is not posted again by the next owner
			try {
				save(part, cursor);
			}
			catch (RuntimeException ex) {
				log.info("Callback partition {} stopped without saving its position; the next owner resends from the "
						+ "last saved one: {}", part, ex.getMessage());
			}
		}
	}

	private Cursor acquire(int part, Instant now) {
		Instant until = now.plus(this.lease);
		List<Cursor> cursors = this.jdbc.query(ACQUIRE,
				(rs, row) -> new Cursor(rs.getString(1), rs.getLong(2), until, now, true), this.owner,
				Timestamp.from(until), part, this.owner, Timestamp.from(now));
		held(part, cursors.isEmpty() ? null : until);
		return cursors.isEmpty() ? null : cursors.get(0);
	}

	/**
	 * The status change of a row of {@link #READ} (also read by the Kafka relay).
	 */
	static StatusChange change(ResultSet rs) throws SQLException {
		return new StatusChange(rs.getObject(3, UUID.class), rs.getString(9), Channel.fromWire(rs.getString(10)),
				Origin.valueOf(rs.getString(11)), CallbackFormat.fromWire(rs.getString(12)),
				Status.valueOf(rs.getString(4)), rs.getTimestamp(5).toInstant(), (Integer) rs.getObject(6),
				rs.getString(7), rs.getString(8), rs.getString(15), rs.getString(14), rs.getString(13),
				rs.getString(16), rs.getString(17));
	}

	private Cursor process(int part, Cursor cursor, List<EventReads.Event> events) throws InterruptedException {
		FirstAttempts.Batch batch = this.firstAttempts.batch(events.stream().map(EventReads.Event::streamed).toList());
		// waiting on its callbacks, the worker is alive: its lease is renewed
		batch.post(() -> beat(part));
		EventReads.Event last = events.get(events.size() - 1);
		Instant at = this.clock.instant();
		if (batch.nothingToWrite() && cursor.savedAt() != null
				&& Duration.between(cursor.savedAt(), at).compareTo(SAVE_EVERY) < 0) {
			// everything succeeded: the cursor moves in memory and is saved at most every
			// SAVE_EVERY (a crash resends what it had not saved: at least once)
			batch.written(true);
			return new Cursor(last.tx(), last.seq(), cursor.leaseUntil(), cursor.savedAt(), false);
		}
		Instant leaseUntil = at.plus(this.lease);
		try {
			this.transactions.executeWithoutResult((tx) -> {
				batch.write(this.jdbc);
				if (this.jdbc.update(ADVANCE, last.tx(), last.seq(), Timestamp.from(leaseUntil), part,
						this.owner) == 0) {
					throw new LostLeaseException(part);
				}
			});
		}
		catch (RuntimeException ex) {
			// no rows, no cursor move: the batch is read and sent again
			batch.written(false);
			throw ex;
		}
		// only now can the handed-off attempts be recorded on their rows
		held(part, leaseUntil);
		batch.written(true);
		return new Cursor(last.tx(), last.seq(), leaseUntil, at, true);
	}

	/**
	 * Saves a cursor that moved in memory only, renewing the lease.
	 */
	private Cursor save(int part, Cursor cursor) {
		Instant at = this.clock.instant();
		Instant leaseUntil = at.plus(this.lease);
		if (this.jdbc.update(ADVANCE, cursor.tx(), cursor.seq(), Timestamp.from(leaseUntil), part, this.owner) == 0) {
			held(part, null);
			throw new LostLeaseException(part);
		}
		held(part, leaseUntil);
		return new Cursor(cursor.tx(), cursor.seq(), leaseUntil, at, true);
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * The partition's lease was taken over by another instance.
	 */
	private static final class LostLeaseException extends IllegalStateException {

		LostLeaseException(int part) {
			super("lost the lease of callback partition " + part);
		}

	}

	/**
	 * A partition's position.
	 *
	 * @param savedAt when a position was last saved in {@code callback_cursor}, or null
	 * @param saved whether this very position is saved
	 */
	private record Cursor(String tx, long seq, Instant leaseUntil, Instant savedAt, boolean saved) {
	}

}
