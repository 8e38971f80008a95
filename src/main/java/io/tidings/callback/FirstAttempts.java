package io.tidings.callback;

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

import io.tidings.bot.Bot;
import io.tidings.bot.Bots;
import io.tidings.notification.StatusChange;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * First attempts of a batch of status changes, whichever stream they come from (the event
 * log read by {@link EventStream}, or Kafka read by {@link KafkaCallbacks}): each
 * change's callbacks (the postback, the bot's subscriptions) are posted, a notification's
 * callbacks to one endpoint one after the other, notifications in parallel on virtual
 * threads. The batch waits while its callbacks make progress; those whose endpoint has
 * not answered for {@code handoffAfter} (slow or dead), or whose attempt has run for
 * {@link #STUCK}, are left to finish on their own and handed to the delivery rows, so
 * that they hold up nobody else's callbacks. A callback that succeeds writes nothing; one
 * that fails, was handed over, or could not be tried gets a {@code webhook_delivery} row
 * that {@link CallbackSender} retries and the delivery log shows.
 */
@Component
class FirstAttempts {

	/**
	 * An attempt running this long is handed off even when its endpoint answers others.
	 */
	static final Duration STUCK = Duration.ofSeconds(2);

	private static final String INSERT_ROW = """
			insert into webhook_delivery (id, bot_id, notification_id, url, event, payload, state, attempts, run_at,
			  last_status_code, last_error, created_at, event_seq)
			values (?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?, ?, ?, ?) on conflict (id) do nothing""";

	private static final String INSERT_ATTEMPT = """
			insert into webhook_attempt (delivery_id, attempted_at, status_code, error, duration_ms) values (?, ?, ?, ?, ?)""";

	private final Bots bots;

	private final WebhookPost post;

	private final CallbackSender sender;

	private final CallbackPayloads payloads;

	private final WebhookSubscriptions subscriptions;

	private final CallbackProperties properties;

	private final Clock clock;

	private final Semaphore inFlight;

	private final Map<String, Instant> failingUntil = new ConcurrentHashMap<>();

	FirstAttempts(Bots bots, WebhookPost post, CallbackSender sender, WebhookSubscriptions subscriptions,
			JsonMapper json, CallbackProperties properties, Clock clock) {
		this.bots = bots;
		this.post = post;
		this.sender = sender;
		this.subscriptions = subscriptions;
		this.payloads = new CallbackPayloads(json);
		this.properties = properties;
		this.clock = clock;
		this.inFlight = new Semaphore(properties.streamInFlight());
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

	/**
	 * The callbacks of these status changes, grouped by notification and endpoint, not
	 * posted yet.
	 */
	Batch batch(List<StreamedEvent> events) {
		Batch batch = new Batch();
		for (StreamedEvent e : events) {
			StatusChange c = e.change();
			Bot bot = this.bots.find(c.botId()).orElse(null);
			if (bot == null) {
				continue;
			}
			String url = (c.postbackUrl() != null) ? c.postbackUrl() : bot.postbackUrl();
			if (url != null && !url.isBlank() && bot.callsBack(c.status())) {
				batch.add(e, 0, url, this.payloads.of(c));
			}
			List<WebhookSubscriptions.Subscription> subscriptions = this.subscriptions.list(c.botId());
			for (int k = 0; k < subscriptions.size(); k++) {
				WebhookSubscriptions.Subscription subscription = subscriptions.get(k);
				if (subscription.events().contains(c.status())) {
					batch.add(e, k + 1, subscription.url(), this.payloads.jelou(c));
				}
			}
		}
		return batch;
	}

	private boolean failing(String url, Instant now) {
		Instant until = this.failingUntil.get(url);
		return until != null && until.isAfter(now);
	}

	private record Callback(UUID id, String botId, UUID notificationId, String url, String event, String payload,
			long seq) {

		CallbackSender.Delivery delivery() {
			return new CallbackSender.Delivery(this.id, this.botId, this.url, this.payload, 1);
		}

	}

	/**
	 * One batch: {@link #post} its callbacks, {@link #write} its rows in the caller's
	 * transaction, then say whether they were {@link #written}.
	 */
	final class Batch {

		// a notification's callbacks to one endpoint go out in order, one after the
		// other
		private final Map<String, Group> groups = new LinkedHashMap<>();

		private final List<Group> started = new ArrayList<>();

		private final List<Object[]> rows = new ArrayList<>();

		private final List<Object[]> attempts = new ArrayList<>();

		private final List<Instant> due = new ArrayList<>();

		private void add(StreamedEvent e, int target, String url, String payload) {
			StatusChange c = e.change();
			this.groups.computeIfAbsent(c.notificationId() + " " + url, (key) -> new Group())
				.add(new Callback(deliveryId(c.notificationId(), e.seq(), target), c.botId(), c.notificationId(), url,
						c.status().name(), payload, e.seq()));
		}

		boolean isEmpty() {
			return this.groups.isEmpty();
		}

		/**
		 * The notifications that have callbacks in this batch.
		 */
		UUID[] notificationIds() {
			return this.groups.values()
				.stream()
				.map((g) -> g.callbacks.get(0).notificationId())
				.distinct()
				.toArray(UUID[]::new);
		}

		/**
		 * Queues a notification's callbacks to one endpoint behind an earlier one that is
		 * still pending: they are not tried now, and get rows due at {@code at}.
		 */
		void holdUntil(UUID notificationId, String url, Instant at) {
			Group g = this.groups.get(notificationId + " " + url);
			if (g != null) {
				g.heldUntil = at;
			}
		}

		/**
		 * Posts the callbacks and waits while they make progress, then hands what is
		 * still under way over to rows; returns with the rows to write.
		 */
		void post() throws InterruptedException {
			post(() -> {
			});
		}

		/**
		 * Posts as {@link #post()}, telling {@code alive} while it waits.
		 */
		void post(Runnable alive) throws InterruptedException {
			Instant now = FirstAttempts.this.clock.instant();
			for (Group g : this.groups.values()) {
				if (g.heldUntil == null && FirstAttempts.this.inFlight.tryAcquire()) {
					this.started.add(g);
					g.start(now);
				}
				else {
					Instant at = (g.heldUntil != null) ? g.heldUntil : now;
					g.callbacks.forEach((cb) -> queued(cb, 0, at));
				}
			}
			awaitOrHandOff(alive);
			for (Group g : this.started) {
				g.collect(this, now);
			}
		}

		/**
		 * Whether every callback succeeded in time: nothing to write.
		 */
		boolean nothingToWrite() {
			return this.rows.isEmpty();
		}

		/**
		 * Writes the rows of the callbacks that did not succeed in time, and their
		 * attempts (in the caller's transaction).
		 */
		void write(JdbcTemplate jdbc) {
			jdbc.batchUpdate(INSERT_ROW, this.rows);
			jdbc.batchUpdate(INSERT_ATTEMPT, this.attempts);
		}

		/**
		 * The rows are committed (the handed-off attempts are recorded on them, and the
		 * sender looks at them when due), or were not written (the batch is sent again:
		 * what the handed-off attempts report is dropped).
		 */
		void written(boolean written) {
			this.started.forEach((g) -> g.rowsWritten(written));
			if (written) {
				this.due.forEach(FirstAttempts.this.sender::dueAt);
			}
		}

		private void awaitOrHandOff(Runnable alive) throws InterruptedException {
			long handoff = FirstAttempts.this.properties.handoffAfter().toNanos();
			long giveUp = System.nanoTime() + STUCK.toNanos() * 10;
			List<Group> open = new ArrayList<>(this.started);
			while (!open.isEmpty() && System.nanoTime() < giveUp) {
				alive.run();
				open.get(0).await(Math.min(handoff / 4, 20_000_000L));
				open.removeIf(Group::done);
				long now = System.nanoTime();
				if (open.stream().allMatch((g) -> g.stuck(now, handoff))) {
					return;
				}
			}
		}

		private void queued(Callback cb, int attempts, Instant runAt) {
			row(cb, attempts, runAt, null, null);
		}

		private void failed(Callback cb, WebhookPost.Result r) {
			Instant next = RetrySchedule.next(FirstAttempts.this.properties.retrySchedule(), 1, r.at());
			row(cb, 1, (next != null) ? next : r.at(), r.statusCode(), r.error());
			this.attempts
				.add(new Object[] { cb.id(), Timestamp.from(r.at()), r.statusCode(), r.error(), r.durationMs() });
		}

		private void row(Callback cb, int attempts, Instant runAt, Integer code, String error) {
			this.rows.add(new Object[] { cb.id(), cb.botId(), cb.notificationId(), cb.url(), cb.event(), cb.payload(),
					attempts, Timestamp.from(runAt), code, error, Timestamp.from(FirstAttempts.this.clock.instant()),
					cb.seq() });
			this.due.add(runAt);
		}

	}

	/**
	 * One notification's callbacks to one endpoint in a batch, posted in order on a
	 * virtual thread.
	 */
	private final class Group {

		final List<Callback> callbacks = new ArrayList<>();

		// set before the batch is posted: queued behind a pending row
		Instant heldUntil;

		private WebhookPost.Result[] results;

		private final CountDownLatch done = new CountDownLatch(1);

		// guarded by this: once handed off, outcomes go to the delivery rows
		private boolean handedOff;

		private int stoppedAt = -1;

		// guarded by this: what the handed-off attempts report, kept until the batch's
		// rows are committed (rows: 0 not yet, 1 committed, 2 not written)
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
					Semaphore slot = FirstAttempts.this.post.slot(cb.url(),
							FirstAttempts.this.properties.timeout().toMillis());
					if (slot == null) {
						stop(i);
						return;
					}
					this.posting = true;
					this.since = System.nanoTime();
					WebhookPost.Result r;
					try {
						r = FirstAttempts.this.post.post(cb.id(), cb.botId(), cb.url(), cb.payload());
					}
					finally {
						slot.release();
					}
					if (!r.succeeded()) {
						Instant next = RetrySchedule.next(FirstAttempts.this.properties.retrySchedule(), 1, r.at());
						FirstAttempts.this.failingUntil.put(cb.url(), (next != null) ? next : r.at());
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
				FirstAttempts.this.inFlight.release();
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
			afterRows(() -> FirstAttempts.this.sender.finished(delivery, r));
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
				afterRows(() -> FirstAttempts.this.sender.notAttempted(delivery));
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
			return (current != null && !FirstAttempts.this.post.answeredWithin(current, handoff))
					|| (this.posting && now - this.since > STUCK.toNanos());
		}

		/**
		 * Adds what the batch must write for this notification: nothing when every
		 * callback succeeded in time.
		 */
		void collect(Batch batch, Instant now) {
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
					// later; the attempt under way ends within its timeout (and the slot
					// wait before it): should this instance die, the rows are retried
					// soon after
					this.handedOff = true;
					Instant lease = now.plus(FirstAttempts.this.properties.timeout().multipliedBy(3));
					for (int k = i; k < n; k++) {
						batch.queued(this.callbacks.get(k), 1, lease);
					}
					return;
				}
				Instant retryAt = now;
				if (this.results[i] != null) {
					batch.failed(this.callbacks.get(i), this.results[i]);
					retryAt = RetrySchedule.next(FirstAttempts.this.properties.retrySchedule(), 1,
							this.results[i].at());
					retryAt = (retryAt != null) ? retryAt : now;
					i++;
				}
				else {
					Instant until = FirstAttempts.this.failingUntil.get(this.callbacks.get(i).url());
					retryAt = (until != null && until.isAfter(now)) ? until : now;
				}
				for (int k = i; k < n; k++) {
					batch.queued(this.callbacks.get(k), 0, retryAt);
				}
			}
		}

	}

}
