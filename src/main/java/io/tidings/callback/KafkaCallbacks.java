package io.tidings.callback;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

import io.tidings.bot.Bot;
import io.tidings.bot.Bots;
import io.tidings.notification.StatusChange;
import io.tidings.stream.ConditionalOnKafka;
import io.tidings.stream.Streams;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * First attempts of status callbacks in the Kafka mode: the callback senders are the
 * consumer group {@value #GROUP} on {@link Streams#STATUS_EVENTS}, and its committed
 * offsets are the cursor. A batch posts a notification's callbacks one after the other
 * (notifications in parallel), writes a {@code webhook_delivery} row for each callback
 * that failed or could not be tried (retried by {@link CallbackSender}, shown in the
 * delivery log, under the same delivery ids as {@link EventStream}'s), and only then lets
 * the group commit its offsets: a crash resends at most the batch (at least once), and a
 * callback that succeeds writes nothing.
 */
@Component
@ConditionalOnKafka
class KafkaCallbacks implements SmartLifecycle {

	static final String GROUP = "tidings-callbacks";

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

	private final JsonMapper json;

	private final Clock clock;

	private final SmartLifecycle consumers;

	private final Map<String, Instant> failingUntil = new ConcurrentHashMap<>();

	KafkaCallbacks(Streams streams, JdbcTemplate jdbc, TransactionTemplate transactions, Bots bots, WebhookPost post,
			CallbackSender sender, WebhookSubscriptions subscriptions, JsonMapper json, CallbackProperties properties,
			Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.bots = bots;
		this.post = post;
		this.sender = sender;
		this.subscriptions = subscriptions;
		this.payloads = new CallbackPayloads(json);
		this.properties = properties;
		this.json = json;
		this.clock = clock;
		this.consumers = streams.consumer(Streams.STATUS_EVENTS, GROUP, streams.properties().callbackConsumers(),
				streams.properties().callbackBatch(), this::handle);
	}

	/**
	 * Calls back one batch of status changes; returns once what did not succeed has its
	 * rows.
	 */
	void handle(List<ConsumerRecord<String, String>> records) {
		Instant now = this.clock.instant();
		Map<String, Group> groups = new LinkedHashMap<>();
		for (ConsumerRecord<String, String> record : records) {
			StreamedEvent e = this.json.readValue(record.value(), StreamedEvent.class);
			StatusChange c = e.change();
			Bot bot = this.bots.find(c.botId()).orElse(null);
			if (bot == null) {
				continue;
			}
			String url = (c.postbackUrl() != null) ? c.postbackUrl() : bot.postbackUrl();
			if (url != null && !url.isBlank() && bot.callsBack(c.status())) {
				add(groups, e, 0, url, this.payloads.of(c));
			}
			List<WebhookSubscriptions.Subscription> subs = this.subscriptions.list(c.botId());
			for (int k = 0; k < subs.size(); k++) {
				if (subs.get(k).events().contains(c.status())) {
					add(groups, e, k + 1, subs.get(k).url(), this.payloads.jelou(c));
				}
			}
		}
		if (groups.isEmpty()) {
			return;
		}
		behindPendingRows(groups, now);
		List<Thread> threads = new ArrayList<>(groups.size());
		for (Group g : groups.values()) {
			threads.add(Thread.ofVirtual().name("kafka-callback").start(() -> g.run(now)));
		}
		for (Thread t : threads) {
			try {
				t.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while calling back", ex);
			}
		}
		List<Object[]> rows = new ArrayList<>();
		List<Object[]> attempts = new ArrayList<>();
		List<Instant> due = new ArrayList<>();
		Instant created = this.clock.instant();
		for (Group g : groups.values()) {
			g.collect(rows, attempts, due, created);
		}
		if (!rows.isEmpty()) {
			this.transactions.executeWithoutResult((tx) -> {
				this.jdbc.batchUpdate(INSERT_ROW, rows);
				this.jdbc.batchUpdate(INSERT_ATTEMPT, attempts);
			});
			due.forEach(this.sender::dueAt);
		}
	}

	/**
	 * A notification whose earlier callback to an endpoint still has a pending row (it
	 * failed, and its retry is due later) queues its new callbacks behind it.
	 */
	private void behindPendingRows(Map<String, Group> groups, Instant now) {
		UUID[] ids = groups.values()
			.stream()
			.map((g) -> g.callbacks().get(0).notificationId())
			.distinct()
			.toArray(UUID[]::new);
		this.jdbc.query(
				"select notification_id, url, max(run_at) from webhook_delivery where state = 'PENDING' and notification_id = any(?) group by 1, 2",
				(ps) -> ps.setArray(1, ps.getConnection().createArrayOf("uuid", ids)), (rs) -> {
					Group g = groups.get(rs.getObject(1, UUID.class) + " " + rs.getString(2));
					if (g != null) {
						Instant runAt = rs.getTimestamp(3).toInstant();
						g.stop(0, null, runAt.isAfter(now) ? runAt : now);
					}
				});
	}

	private void add(Map<String, Group> groups, StreamedEvent e, int target, String url, String payload) {
		StatusChange c = e.change();
		groups.computeIfAbsent(c.notificationId() + " " + url, (key) -> new Group())
			.callbacks()
			.add(new Callback(EventStream.deliveryId(c.notificationId(), e.seq(), target), c.botId(),
					c.notificationId(), url, c.status().name(), payload, e.seq()));
	}

	private Instant failing(String url, Instant now) {
		Instant until = this.failingUntil.get(url);
		return (until != null && until.isAfter(now)) ? until : null;
	}

	@Override
	public void start() {
		this.consumers.start();
	}

	@Override
	public void stop() {
		this.consumers.stop();
	}

	@Override
	public boolean isRunning() {
		return this.consumers.isRunning();
	}

	@Override
	public int getPhase() {
		// stops before the callback sender (which records what is left) and the database
		return SmartLifecycle.DEFAULT_PHASE - 2048;
	}

	private record Callback(UUID id, String botId, UUID notificationId, String url, String event, String payload,
			long seq) {
	}

	/**
	 * One notification's callbacks to one endpoint in a batch, posted in order until one
	 * fails; that one and those after it get rows.
	 */
	private final class Group {

		private final List<Callback> callbacks = new ArrayList<>();

		// the first callback that did not succeed, and its result (null: not tried)
		private int stoppedAt = -1;

		private WebhookPost.Result failure;

		private Instant retryAt;

		List<Callback> callbacks() {
			return this.callbacks;
		}

		void run(Instant now) {
			if (this.stoppedAt >= 0) {
				return;
			}
			for (int i = 0; i < this.callbacks.size(); i++) {
				Callback cb = this.callbacks.get(i);
				Instant until = failing(cb.url(), now);
				if (until != null) {
					stop(i, null, until);
					return;
				}
				Semaphore slot;
				try {
					slot = KafkaCallbacks.this.post.slot(cb.url(), KafkaCallbacks.this.properties.timeout().toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					stop(i, null, now);
					return;
				}
				if (slot == null) {
					stop(i, null, now);
					return;
				}
				WebhookPost.Result r;
				try {
					r = KafkaCallbacks.this.post.post(cb.id(), cb.botId(), cb.url(), cb.payload());
				}
				finally {
					slot.release();
				}
				if (!r.succeeded()) {
					Instant next = RetrySchedule.next(KafkaCallbacks.this.properties.retrySchedule(), 1, r.at());
					Instant at = (next != null) ? next : r.at();
					KafkaCallbacks.this.failingUntil.put(cb.url(), at);
					stop(i, r, at);
					return;
				}
			}
		}

		private void stop(int i, WebhookPost.Result result, Instant at) {
			this.stoppedAt = i;
			this.failure = result;
			this.retryAt = at;
		}

		void collect(List<Object[]> rows, List<Object[]> attempts, List<Instant> due, Instant created) {
			if (this.stoppedAt < 0) {
				return;
			}
			for (int k = this.stoppedAt; k < this.callbacks.size(); k++) {
				Callback cb = this.callbacks.get(k);
				boolean tried = k == this.stoppedAt && this.failure != null;
				rows.add(new Object[] { cb.id(), cb.botId(), cb.notificationId(), cb.url(), cb.event(), cb.payload(),
						tried ? 1 : 0, Timestamp.from(this.retryAt), tried ? this.failure.statusCode() : null,
						tried ? this.failure.error() : null, Timestamp.from(created), cb.seq() });
				if (tried) {
					attempts.add(new Object[] { cb.id(), Timestamp.from(this.failure.at()), this.failure.statusCode(),
							this.failure.error(), this.failure.durationMs() });
				}
			}
			due.add(this.retryAt);
		}

	}

}
