package io.tidings.callback;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

import io.tidings.bot.Bot;
import io.tidings.bot.Bots;
import io.tidings.common.CallbackFormat;
import io.tidings.common.Channel;
import io.tidings.common.Origin;
import io.tidings.common.Status;
import io.tidings.common.Workers;
import io.tidings.notification.BulkAcceptor;
import io.tidings.notification.StatusChange;
import io.tidings.notification.StatusesChanged;
import io.tidings.stream.ConditionalOnNoKafka;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * First attempts of status callbacks, read from the event log ({@code status_event}) as
 * an outbox: one worker per partition reads the events after its cursor in commit order,
 * posts them (a notification's callbacks one after the other, notifications in parallel),
 * and moves the cursor. A callback that succeeds writes nothing; one that fails, or is
 * still under way when {@code handoffAfter} has passed, gets a {@code webhook_delivery}
 * row that {@link CallbackSender} retries and the delivery log shows. The cursor moves
 * only after the batch's outcome is written, so a crash resends at most the batch (at
 * least once). Partitions are leased in {@code callback_cursor}, so several instances
 * share them.
 */
@Component
@ConditionalOnNoKafka // in the Kafka mode, KafkaEventRelay and KafkaCallbacks take its
						// place
class EventStream extends Workers {

	private static final Logger log = LoggerFactory.getLogger(EventStream.class);

	/**
	 * The partitions of V6__lean_pipeline.sql: the last byte of the notification id mod
	 * 8.
	 */
	static final int PARTITIONS = 8;

	private static final int BATCH = 500;

	/** How often a partition whose callbacks all succeed saves its cursor, at most. */
	private static final Duration SAVE_EVERY = Duration.ofMillis(250);

	/**
	 * An attempt running this long is handed off even when its endpoint answers others.
	 */
	private static final Duration STUCK = Duration.ofSeconds(2);

	// an event is readable once no transaction older than the one that wrote it is
	// running; each event's notification is looked up by its id (one day partition per
	// lookup) in a lateral subquery, which the planner cannot turn into a hash join
	// against every partition
	private static final String READ = """
			select e.seq, e.tx::text, e.notification_id, e.status, e.occurred_at, e.error_code, e.error_message, e.reply,
			  n.bot_id, n.channel, n.origin, n.callback_format, n.campaign_id, n.template_name, n.destination,
			  n.custom_payload::text, n.postback_url
			from status_event e cross join lateral (select bot_id, channel, origin, callback_format, campaign_id,
			  template_name, destination, custom_payload, postback_url from notification where id = e.notification_id
			  offset 0) n
			where e.part = ? and e.callback and (e.tx, e.seq) > (?::xid8, ?)
			  and e.tx < pg_snapshot_xmin(pg_current_snapshot())
			order by e.tx, e.seq limit ?""";

	// events after the cursor that are committed or not: while some are not readable yet,
	// an older transaction is about to commit and the worker looks again at once. Not
	// "exists (...)": PostgreSQL drops the order and limit inside an EXISTS, and a cached
	// plan then expects a sequential scan to find a match soon; when there is none (the
	// usual case) it reads the whole day partition, every time
	private static final String WAITING = """
			select (select 1 from status_event e where e.part = ? and e.callback and (e.tx, e.seq) > (?::xid8, ?)
			  order by e.tx, e.seq limit 1) is not null""";

	/**
	 * Other instances' events wake nobody here: an idle worker looks at least this often.
	 */
	private static final long IDLE_POLL_MILLIS = 1000;

	private static final String ACQUIRE = """
			update callback_cursor set owner = ?, lease_until = ?
			where part = ? and (owner = ? or owner is null or lease_until < ?) returning tx::text, seq""";

	// one statement renews every partition this instance holds whose worker is alive
	private static final String RENEW = """
			update callback_cursor set lease_until = ? where owner = ? and part = any(?) returning part""";

	private static final String ADVANCE = """
			update callback_cursor set tx = ?::xid8, seq = ?, lease_until = ? where part = ? and owner = ?""";

	private static final String INSERT_ROW = """
			insert into webhook_delivery (id, bot_id, notification_id, url, event, payload, state, attempts, run_at,
			  last_status_code, last_error, created_at, event_seq)
			values (?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?, ?, ?, ?) on conflict (id) do nothing""";

	private static final String INSERT_ATTEMPT = """
			insert into webhook_attempt (delivery_id, attempted_at, status_code, error, duration_ms) values (?, ?, ?, ?, ?)""";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final Bots bots;

	private final WebhookPost post;

	private final CallbackSender sender;

	private final CallbackPayloads payloads;

	private final WebhookSubscriptions subscriptions;

	private final CallbackProperties properties;

	private final Clock clock;

	private final String owner = UUID.randomUUID().toString();

	private final Semaphore inFlight;

	private final Semaphore[] wakeups = new Semaphore[PARTITIONS];

	private final Duration lease;

	// per partition: until when this instance's lease runs (epoch ms; 0: not held), and
	// when its worker last went round its loop (System.nanoTime()); the renewer keeps
	// only leases whose worker is alive
	private final AtomicLongArray heldUntil = new AtomicLongArray(PARTITIONS);

	private final AtomicLongArray beats = new AtomicLongArray(PARTITIONS);

	private final Semaphore stopping = new Semaphore(0);

	private final Map<String, Instant> failingUntil = new ConcurrentHashMap<>();

	EventStream(JdbcTemplate jdbc, TransactionTemplate transactions, Bots bots, WebhookPost post, CallbackSender sender,
			WebhookSubscriptions subscriptions, JsonMapper json, CallbackProperties properties, Clock clock) {
		// one worker per partition, and one that renews the partitions' leases
		super("callback-stream", PARTITIONS + 1);
		this.subscriptions = subscriptions;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.bots = bots;
		this.post = post;
		this.sender = sender;
		this.payloads = new CallbackPayloads(json);
		this.properties = properties;
		this.clock = clock;
		this.inFlight = new Semaphore(properties.streamInFlight());
		this.lease = properties.streamLease();
		for (int p = 0; p < PARTITIONS; p++) {
			this.wakeups[p] = new Semaphore(0);
		}
	}

	/**
	 * Stops the workers, then gives up this instance's partitions, so that another
	 * instance takes them over at once rather than when their lease ends.
	 */
	@Override
	public synchronized void stop() {
		super.stop();
		try {
			this.jdbc.update("update callback_cursor set owner = null, lease_until = null where owner = ?", this.owner);
		}
		catch (RuntimeException ex) {
			log.warn("Could not give up the callback partitions; they are taken over when their lease ends: {}",
					ex.getMessage());
		}
	}

	@TransactionalEventListener
	void wake(StatusesChanged event) {
		wakeAll();
	}

	@TransactionalEventListener
	void wake(BulkAcceptor.BulkAccepted event) {
		wakeAll();
	}

	@Override
	protected void wakeAll() {
		for (Semaphore wakeup : this.wakeups) {
			if (wakeup.availablePermits() == 0) {
				wakeup.release();
			}
		}
		if (!running()) {
			this.stopping.release();
		}
	}

	/**
	 * The id of the delivery of one event to one target (0: the postback, k: the bot's
	 * k-th subscription): stable, so a retry carries the first attempt's
	 * {@code webhook-id}, and ordered by the notification's time.
	 */
	static UUID deliveryId(UUID notificationId, long seq, int target) {
		long mixed = (((seq << 4) | target) * 0x9E3779B97F4A7C15L) & 0x3FFFFFFFFFFFFFFFL;
		return new UUID(notificationId.getMostSignificantBits(), notificationId.getLeastSignificantBits() ^ mixed);
	}

	@Override
	protected void work(int part) {
		if (part == PARTITIONS) {
			renewLeases();
			return;
		}
		Cursor cursor = null;
		long blocked = 0;
		while (running()) {
			try {
				this.beats.set(part, System.nanoTime());
				Instant now = this.clock.instant();
				if (cursor == null || Duration.between(now, heldUntil(part)).compareTo(this.lease.dividedBy(2)) < 0) {
					cursor = (cursor != null && !cursor.saved()) ? save(part, cursor) : acquire(part, now);
				}
				if (cursor == null) {
					// a partition another instance holds: taken over soon after its lease
					// ends
					this.wakeups[part].tryAcquire(this.properties.streamLeaseRenewal().toMillis(),
							TimeUnit.MILLISECONDS);
					continue;
				}
				List<Event> events = read(part, cursor);
				if (events.isEmpty() && !cursor.saved()) {
					cursor = save(part, cursor);
				}
				if (events.isEmpty()) {
					// an event can stay unreadable for a moment behind an older
					// transaction that
					// is about to commit: then look again soon (2 ms, backing off to 64
					// ms
					// behind a long one)
					boolean waiting = Boolean.TRUE
						.equals(this.jdbc.queryForObject(WAITING, Boolean.class, part, cursor.tx(), cursor.seq()));
					blocked = waiting ? Math.min(Math.max(blocked * 2, 2), 64) : 0;
					this.wakeups[part].tryAcquire(
							waiting ? blocked : Math.min(IDLE_POLL_MILLIS, this.properties.pollInterval().toMillis()),
							TimeUnit.MILLISECONDS);
					continue;
				}
				blocked = 0;
				cursor = process(part, cursor, events);
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
	 * The renewer: every {@code streamLeaseRenewal}, extends the leases of the partitions
	 * this instance holds whose workers went round their loop within the lease (a worker
	 * stuck for longer lets its partition go to another instance), so that a short lease
	 * never lapses under a live instance, and one that dies hands its partitions over
	 * after at most the lease.
	 */
	private void renewLeases() {
		long renewal = this.properties.streamLeaseRenewal().toMillis();
		while (running()) {
			try {
				if (this.stopping.tryAcquire(renewal, TimeUnit.MILLISECONDS)) {
					return;
				}
				renew();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				// the workers renew on their own while their lease is more than half gone
				log.warn("Renewing the callback partitions' leases failed: {}", ex.getMessage());
			}
		}
	}

	private void renew() {
		long alive = System.nanoTime() - this.lease.toNanos();
		long nowMillis = this.clock.millis();
		List<Integer> parts = new ArrayList<>();
		for (int p = 0; p < PARTITIONS; p++) {
			if (this.heldUntil.get(p) > nowMillis && this.beats.get(p) - alive > 0) {
				parts.add(p);
			}
		}
		if (parts.isEmpty()) {
			return;
		}
		Instant until = this.clock.instant().plus(this.lease);
		List<Integer> renewed = this.jdbc.query((connection) -> {
			PreparedStatement ps = connection.prepareStatement(RENEW);
			ps.setTimestamp(1, Timestamp.from(until));
			ps.setString(2, this.owner);
			ps.setArray(3, connection.createArrayOf("int4", parts.toArray()));
			return ps;
		}, (rs, row) -> rs.getInt(1));
		for (int p : parts) {
			// a partition not renewed was taken over: its worker finds out on its next
			// save
			held(p, renewed.contains(p) ? until : null);
		}
	}

	private Instant heldUntil(int part) {
		return Instant.ofEpochMilli(this.heldUntil.get(part));
	}

	private void held(int part, Instant until) {
		this.heldUntil.set(part, (until != null) ? until.toEpochMilli() : 0);
	}

	private List<Event> read(int part, Cursor cursor) {
		return this.jdbc.query(READ, (rs, row) -> {
			Timestamp occurred = rs.getTimestamp(5);
			StatusChange change = new StatusChange(rs.getObject(3, UUID.class), rs.getString(9),
					Channel.fromWire(rs.getString(10)), Origin.valueOf(rs.getString(11)),
					CallbackFormat.fromWire(rs.getString(12)), Status.valueOf(rs.getString(4)), occurred.toInstant(),
					(Integer) rs.getObject(6), rs.getString(7), rs.getString(8), rs.getString(15), rs.getString(14),
					rs.getString(13), rs.getString(16), rs.getString(17));
			return new Event(rs.getLong(1), rs.getString(2), change);
		}, part, cursor.tx(), cursor.seq(), BATCH);
	}

	private Cursor process(int part, Cursor cursor, List<Event> events) throws InterruptedException {
		Instant now = this.clock.instant();
		// a notification's callbacks to one endpoint go out in order, one after the other
		Map<String, Group> groups = new LinkedHashMap<>();
		for (Event e : events) {
			StatusChange c = e.change();
			Bot bot = this.bots.find(c.botId()).orElse(null);
			if (bot == null) {
				continue;
			}
			String url = (c.postbackUrl() != null) ? c.postbackUrl() : bot.postbackUrl();
			if (url != null && !url.isBlank() && bot.callsBack(c.status())) {
				add(groups, e, 0, url, this.payloads.of(c));
			}
			List<WebhookSubscriptions.Subscription> subscriptions = this.subscriptions.list(c.botId());
			for (int k = 0; k < subscriptions.size(); k++) {
				WebhookSubscriptions.Subscription subscription = subscriptions.get(k);
				if (subscription.events().contains(c.status())) {
					add(groups, e, k + 1, subscription.url(), this.payloads.jelou(c));
				}
			}
		}
		Outcome outcome = new Outcome();
		List<Group> started = new ArrayList<>();
		for (Group g : groups.values()) {
			if (this.inFlight.tryAcquire()) {
				started.add(g);
				g.start(now);
			}
			else {
				g.callbacks.forEach((cb) -> outcome.queued(cb, 0, now));
			}
		}
		awaitOrHandOff(part, started);
		for (Group g : started) {
			g.collect(outcome, now);
		}
		Event last = events.get(events.size() - 1);
		Instant at = this.clock.instant();
		if (outcome.rows.isEmpty() && cursor.savedAt() != null
				&& Duration.between(cursor.savedAt(), at).compareTo(SAVE_EVERY) < 0) {
			// everything succeeded: the cursor moves in memory and is saved at most every
			// SAVE_EVERY (a crash resends what it had not saved: at least once)
			return new Cursor(last.tx(), last.seq(), cursor.leaseUntil(), cursor.savedAt(), false);
		}
		Instant leaseUntil = at.plus(this.lease);
		try {
			this.transactions.executeWithoutResult((tx) -> {
				this.jdbc.batchUpdate(INSERT_ROW, outcome.rows);
				this.jdbc.batchUpdate(INSERT_ATTEMPT, outcome.attempts);
				if (this.jdbc.update(ADVANCE, last.tx(), last.seq(), Timestamp.from(leaseUntil), part,
						this.owner) == 0) {
					throw new LostLeaseException(part);
				}
			});
		}
		catch (RuntimeException ex) {
			// no rows, no cursor move: the batch is read and sent again
			started.forEach((g) -> g.rowsWritten(false));
			throw ex;
		}
		// only now can the handed-off attempts be recorded on their rows
		held(part, leaseUntil);
		started.forEach((g) -> g.rowsWritten(true));
		outcome.due.forEach(this.sender::dueAt);
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

	private void add(Map<String, Group> groups, Event e, int target, String url, String payload) {
		StatusChange c = e.change();
		groups.computeIfAbsent(c.notificationId() + " " + url, (key) -> new Group())
			.add(new Callback(deliveryId(c.notificationId(), e.seq(), target), c.botId(), c.notificationId(), url,
					c.status().name(), payload, e.seq()));
	}

	/**
	 * Waits while the batch's callbacks make progress: callbacks queued behind a busy but
	 * answering endpoint are waited for; those whose endpoint has not answered for
	 * {@code handoffAfter} (slow or dead), or whose attempt has run for {@link #STUCK},
	 * are left to finish on their own and handed to the delivery rows, so that they hold
	 * up nobody else's callbacks.
	 */
	private void awaitOrHandOff(int part, List<Group> started) throws InterruptedException {
		long handoff = this.properties.handoffAfter().toNanos();
		long giveUp = System.nanoTime() + STUCK.toNanos() * 10;
		List<Group> open = new ArrayList<>(started);
		while (!open.isEmpty() && System.nanoTime() < giveUp) {
			// waiting on its callbacks, the worker is alive: its lease is renewed
			this.beats.set(part, System.nanoTime());
			open.get(0).await(Math.min(handoff / 4, 20_000_000L));
			open.removeIf(Group::done);
			long now = System.nanoTime();
			if (open.stream().allMatch((g) -> g.stuck(now, handoff))) {
				return;
			}
		}
	}

	private boolean failing(String url, Instant now) {
		Instant until = this.failingUntil.get(url);
		return until != null && until.isAfter(now);
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

	private record Event(long seq, String tx, StatusChange change) {
	}

	private record Callback(UUID id, String botId, UUID notificationId, String url, String event, String payload,
			long seq) {

		CallbackSender.Delivery delivery() {
			return new CallbackSender.Delivery(this.id, this.botId, this.url, this.payload, 1);
		}

	}

	/**
	 * What a batch writes: rows for the callbacks that did not succeed in time, and their
	 * attempts.
	 */
	private final class Outcome {

		final List<Object[]> rows = new ArrayList<>();

		final List<Object[]> attempts = new ArrayList<>();

		final List<Instant> due = new ArrayList<>();

		void queued(Callback cb, int attempts, Instant runAt) {
			row(cb, attempts, runAt, null, null);
		}

		void failed(Callback cb, WebhookPost.Result r) {
			Instant next = RetrySchedule.next(EventStream.this.properties.retrySchedule(), 1, r.at());
			row(cb, 1, (next != null) ? next : r.at(), r.statusCode(), r.error());
			this.attempts
				.add(new Object[] { cb.id(), Timestamp.from(r.at()), r.statusCode(), r.error(), r.durationMs() });
		}

		private void row(Callback cb, int attempts, Instant runAt, Integer code, String error) {
			this.rows.add(new Object[] { cb.id(), cb.botId(), cb.notificationId(), cb.url(), cb.event(), cb.payload(),
					attempts, Timestamp.from(runAt), code, error, Timestamp.from(EventStream.this.clock.instant()),
					cb.seq() });
			this.due.add(runAt);
		}

	}

	/**
	 * One notification's callbacks of a batch, posted in order on a virtual thread.
	 */
	private final class Group {

		final List<Callback> callbacks = new ArrayList<>();

		private WebhookPost.Result[] results;

		private final CountDownLatch done = new CountDownLatch(1);

		// guarded by this: once handed off, outcomes go to the delivery rows
		private boolean handedOff;

		private int stoppedAt = -1;

		// guarded by this: what the handed-off attempts report, kept until the batch's
		// rows
		// are committed (0: not yet, 1: committed, 2: not written)
		private final List<Runnable> afterRows = new ArrayList<>();

		private int rows;

		// what the group is doing now, for awaitOrHandOff: since when, on which endpoint
		private volatile long since = System.nanoTime();

		private volatile boolean posting;

		private volatile String url;

		void add(Callback cb) {
			this.callbacks.add(cb);
		}

		void start(Instant now) {
			this.results = new WebhookPost.Result[this.callbacks.size()];
			Thread.ofVirtual().name("callback-first-", 0).start(() -> run(now));
		}

		void run(Instant now) {
			try {
				for (int i = 0; i < this.callbacks.size(); i++) {
					Callback cb = this.callbacks.get(i);
					if (failing(cb.url(), now)) {
						stop(i);
						return;
					}
					this.url = cb.url();
					this.posting = false;
					this.since = System.nanoTime();
					Semaphore slot = EventStream.this.post.slot(cb.url(),
							EventStream.this.properties.timeout().toMillis());
					if (slot == null) {
						stop(i);
						return;
					}
					this.posting = true;
					this.since = System.nanoTime();
					WebhookPost.Result r;
					try {
						r = EventStream.this.post.post(cb.id(), cb.botId(), cb.url(), cb.payload());
					}
					finally {
						slot.release();
					}
					if (!r.succeeded()) {
						Instant next = RetrySchedule.next(EventStream.this.properties.retrySchedule(), 1, r.at());
						EventStream.this.failingUntil.put(cb.url(), (next != null) ? next : r.at());
					}
					if (!record(i, r)) {
						return;
					}
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				EventStream.this.inFlight.release();
				this.done.countDown();
			}
		}

		/**
		 * Keeps the result for the batch, or hands it to the retry sender once the batch
		 * has moved on.
		 * @return whether to go on with the next callback
		 */
		private boolean record(int i, WebhookPost.Result r) {
			synchronized (this) {
				if (!this.handedOff) {
					this.results[i] = r;
					if (!r.succeeded()) {
						this.stoppedAt = i + 1;
						return false;
					}
					return true;
				}
			}
			CallbackSender.Delivery delivery = this.callbacks.get(i).delivery();
			afterRows(() -> EventStream.this.sender.finished(delivery, r));
			if (!r.succeeded()) {
				// the rest wait behind the failure, with their rows
				notAttempted(i + 1);
				return false;
			}
			return true;
		}

		private void stop(int i) {
			synchronized (this) {
				if (!this.handedOff) {
					this.stoppedAt = i;
					return;
				}
			}
			notAttempted(i);
		}

		private void notAttempted(int from) {
			for (int k = from; k < this.callbacks.size(); k++) {
				CallbackSender.Delivery delivery = this.callbacks.get(k).delivery();
				afterRows(() -> EventStream.this.sender.notAttempted(delivery));
			}
		}

		private void afterRows(Runnable report) {
			synchronized (this) {
				if (this.rows == 0) {
					this.afterRows.add(report);
					return;
				}
				if (this.rows == 2) {
					return;
				}
			}
			report.run();
		}

		/**
		 * The batch's rows are committed (or were not written): what the handed-off
		 * attempts reported so far is recorded on them now (or dropped: the batch is sent
		 * again).
		 */
		void rowsWritten(boolean written) {
			List<Runnable> reports;
			synchronized (this) {
				this.rows = written ? 1 : 2;
				reports = new ArrayList<>(this.afterRows);
				this.afterRows.clear();
			}
			if (written) {
				reports.forEach(Runnable::run);
			}
		}

		void await(long nanos) throws InterruptedException {
			this.done.await(nanos, TimeUnit.NANOSECONDS);
		}

		boolean done() {
			return this.done.getCount() == 0;
		}

		boolean stuck(long now, long handoff) {
			if (now - this.since < handoff) {
				return false;
			}
			String current = this.url;
			return (current != null && !EventStream.this.post.answeredWithin(current, handoff))
					|| (this.posting && now - this.since > STUCK.toNanos());
		}

		/**
		 * Adds what the batch must write for this notification: nothing when every
		 * callback succeeded in time.
		 */
		void collect(Outcome outcome, Instant now) {
			synchronized (this) {
				int n = this.callbacks.size();
				int i = 0;
				while (i < n && this.results[i] != null && this.results[i].succeeded()) {
					i++;
				}
				if (i == n) {
					return;
				}
				if (this.stoppedAt < 0) {
					// still under way: the rows are written now, the attempts recorded
					// later
					this.handedOff = true;
					// the attempt under way ends within its timeout (and the slot wait
					// before it):
					// should this instance die, the rows are retried soon after
					Instant lease = now.plus(EventStream.this.properties.timeout().multipliedBy(3));
					for (int k = i; k < n; k++) {
						outcome.queued(this.callbacks.get(k), 1, lease);
					}
					return;
				}
				Instant retryAt = now;
				if (this.results[i] != null) {
					outcome.failed(this.callbacks.get(i), this.results[i]);
					retryAt = RetrySchedule.next(EventStream.this.properties.retrySchedule(), 1, this.results[i].at());
					retryAt = (retryAt != null) ? retryAt : now;
					i++;
				}
				else {
					Instant until = EventStream.this.failingUntil.get(this.callbacks.get(i).url());
					retryAt = (until != null && until.isAfter(now)) ? until : now;
				}
				for (int k = i; k < n; k++) {
					outcome.queued(this.callbacks.get(k), 0, retryAt);
				}
			}
		}

	}

}
