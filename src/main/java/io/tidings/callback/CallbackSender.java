package io.tidings.callback;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.tidings.bot.Bot;
import io.tidings.bot.Bots;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends due webhook deliveries. Attempts run on virtual threads and never hold up the
 * claim loop: a slow endpoint fills only its own concurrency slots, and deliveries that
 * find them full go back to the queue for a moment without counting an attempt.
 */
@Component
class CallbackSender implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(CallbackSender.class);

	private static final String CLAIM = """
			update webhook_delivery d set run_at = ?, attempts = d.attempts + 1
			where d.id in (select id from webhook_delivery where state = 'PENDING' and run_at <= ?
			  order by run_at limit ? for update skip locked)
			returning d.id, d.bot_id, d.url, d.payload, d.attempts""";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final Bots bots;

	private final CallbackProperties properties;

	private final Clock clock;

	private final WebhookClient http;

	private final Semaphore inFlight;

	private final Map<String, Semaphore> endpoints = new ConcurrentHashMap<>();

	private final ConcurrentLinkedQueue<Attempt> finished = new ConcurrentLinkedQueue<>();

	private final Semaphore wakeups = new Semaphore(0);

	private Thread claimer;

	private Thread recorder;

	private volatile boolean running;

	CallbackSender(JdbcTemplate jdbc, TransactionTemplate transactions, Bots bots, CallbackProperties properties,
			Clock clock, WebhookClient http) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.bots = bots;
		this.properties = properties;
		this.clock = clock;
		this.inFlight = new Semaphore(properties.maxInFlight());
		this.http = http;
	}

	void wake() {
		if (this.wakeups.availablePermits() == 0) {
			this.wakeups.release();
		}
	}

	private void claimLoop() {
		while (this.running) {
			try {
				int free = this.inFlight.availablePermits();
				List<Claimed> claimed = (free > 0) ? claim(Math.min(free, this.properties.batchSize())) : List.of();
				for (Claimed delivery : claimed) {
					this.inFlight.acquire();
					Thread.ofVirtual().name("callback-", 0).start(() -> attempt(delivery));
				}
				if (claimed.isEmpty()) {
					this.wakeups.tryAcquire(this.properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				log.warn("Claiming webhook deliveries failed", ex);
				sleep(this.properties.pollInterval());
			}
		}
	}

	private List<Claimed> claim(int limit) {
		Instant now = this.clock.instant();
		return this.jdbc.query(
				CLAIM, (rs, row) -> new Claimed(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
						rs.getString(4), rs.getInt(5)),
				Timestamp.from(now.plus(this.properties.lease())), Timestamp.from(now), limit);
	}

	private void attempt(Claimed delivery) {
		try {
			Semaphore endpoint = this.endpoints.computeIfAbsent(authority(delivery.url()),
					(key) -> new Semaphore(this.properties.perEndpoint()));
			if (!endpoint.tryAcquire(2, TimeUnit.SECONDS)) {
				this.finished.add(Attempt.deferred(delivery, this.clock.instant()));
				return;
			}
			try {
				this.finished.add(post(delivery));
			}
			finally {
				endpoint.release();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.inFlight.release();
		}
	}

	private Attempt post(Claimed delivery) {
		Instant started = this.clock.instant();
		Optional<Bot> bot = this.bots.find(delivery.botId());
		long timestamp = started.getEpochSecond();
		Map<String, String> headers = new java.util.HashMap<>(4);
		headers.put("webhook-id", delivery.id().toString());
		headers.put("webhook-timestamp", Long.toString(timestamp));
		bot.ifPresent((b) -> headers.put("webhook-signature",
				WebhookSigner.sign(b.webhookSecret(), delivery.id().toString(), timestamp, delivery.payload())));
		WebhookClient.Result result = this.http.post(delivery.url(), headers,
				delivery.payload().getBytes(StandardCharsets.UTF_8));
		return new Attempt(delivery, started, result.statusCode(), result.error(), result.durationMs(), false);
	}

	private void recordLoop() {
		while (this.running || !this.finished.isEmpty()
				|| this.inFlight.availablePermits() < this.properties.maxInFlight()) {
			List<Attempt> batch = new ArrayList<>();
			Attempt attempt;
			while (batch.size() < 1000 && (attempt = this.finished.poll()) != null) {
				batch.add(attempt);
			}
			if (batch.isEmpty()) {
				sleep(Duration.ofMillis(20));
				if (!this.running && this.finished.isEmpty()) {
					return;
				}
				continue;
			}
			try {
				this.transactions.executeWithoutResult((tx) -> record(batch));
			}
			catch (RuntimeException ex) {
				log.warn("Recording {} webhook attempts failed; they will be retried after their lease", batch.size(),
						ex);
			}
		}
	}

	private void record(List<Attempt> batch) {
		List<Object[]> attempts = new ArrayList<>();
		List<UUID> deliveredIds = new ArrayList<>();
		List<Integer> deliveredCodes = new ArrayList<>();
		List<Object[]> retries = new ArrayList<>();
		List<Object[]> dead = new ArrayList<>();
		List<Object[]> deferred = new ArrayList<>();
		for (Attempt a : batch) {
			UUID id = a.delivery().id();
			if (a.deferred()) {
				deferred.add(new Object[] { Timestamp.from(a.at().plusSeconds(1)), id });
				continue;
			}
			attempts.add(new Object[] { id, Timestamp.from(a.at()), a.statusCode(), a.error(), a.durationMs() });
			if (a.succeeded()) {
				deliveredIds.add(id);
				deliveredCodes.add(a.statusCode());
				continue;
			}
			int retryIndex = a.delivery().attempts() - 1;
			List<Duration> schedule = this.properties.retrySchedule();
			if (retryIndex < schedule.size()) {
				retries.add(new Object[] { Timestamp.from(a.at().plus(schedule.get(retryIndex))), a.statusCode(),
						a.error(), id });
			}
			else {
				dead.add(new Object[] { a.statusCode(), a.error(), id });
			}
		}
		this.jdbc.batchUpdate("""
				insert into webhook_attempt (delivery_id, attempted_at, status_code, error, duration_ms)
				values (?, ?, ?, ?, ?)""", attempts);
		if (!deliveredIds.isEmpty()) {
			// the common case, one set-based statement for the whole batch
			this.jdbc.update((connection) -> {
				PreparedStatement ps = connection.prepareStatement("""
						update webhook_delivery d set state = 'DELIVERED', last_status_code = u.code, last_error = null,
						  delivered_at = ?
						from unnest(?::uuid[], ?::int[]) as u(id, code) where d.id = u.id""");
				ps.setTimestamp(1, Timestamp.from(this.clock.instant()));
				ps.setArray(2, connection.createArrayOf("uuid", deliveredIds.toArray()));
				ps.setArray(3, connection.createArrayOf("int4", deliveredCodes.toArray()));
				return ps;
			});
		}
		this.jdbc.batchUpdate(
				"update webhook_delivery set run_at = ?, last_status_code = ?, last_error = ? where id = ?", retries);
		this.jdbc.batchUpdate(
				"update webhook_delivery set state = 'DEAD', last_status_code = ?, last_error = ? where id = ?", dead);
		this.jdbc.batchUpdate("update webhook_delivery set run_at = ?, attempts = attempts - 1 where id = ?", deferred);
	}

	private static String authority(String url) {
		try {
			java.net.URI uri = java.net.URI.create(url);
			return uri.getScheme() + "://" + uri.getAuthority();
		}
		catch (IllegalArgumentException ex) {
			return url;
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void start() {
		this.running = true;
		this.claimer = Thread.ofPlatform().name("callback-claimer").daemon().start(this::claimLoop);
		this.recorder = Thread.ofPlatform().name("callback-recorder").daemon().start(this::recordLoop);
	}

	@Override
	public void stop() {
		this.running = false;
		wake();
		try {
			this.claimer.join(10_000);
			this.recorder.join(10_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

	private record Claimed(UUID id, String botId, String url, String payload, int attempts) {
	}

	private record Attempt(Claimed delivery, Instant at, Integer statusCode, String error, int durationMs,
			boolean deferred) {

		static Attempt deferred(Claimed delivery, Instant at) {
			return new Attempt(delivery, at, null, null, 0, true);
		}

		boolean succeeded() {
			return this.statusCode != null && this.statusCode >= 200 && this.statusCode < 300;
		}

	}

}
