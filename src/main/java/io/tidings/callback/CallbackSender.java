package io.tidings.callback;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.tidings.common.Workers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the webhook deliveries that have a row: first attempts that failed or were slow
 * (see {@link EventStream}) and manual retries. Attempts run on virtual threads and never
 * hold up the claim loop: a slow endpoint fills only its own slots, and deliveries that
 * find them full go back to the queue for a moment without counting an attempt. A
 * finished attempt that frees capacity wakes the claim loop, and the loop sleeps only
 * until the next retry it knows of, so no due delivery waits for a poll.
 */
@Component
class CallbackSender extends Workers {

	private static final Logger log = LoggerFactory.getLogger(CallbackSender.class);

	private static final String CLAIM = """
			update webhook_delivery d set run_at = ?, attempts = d.attempts + 1
			where d.id in (select id from webhook_delivery where state = 'PENDING' and run_at <= ?
			  order by run_at limit ? for update skip locked)
			returning d.id, d.bot_id, d.url, d.payload, d.attempts""";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final WebhookPost post;

	private final CallbackProperties properties;

	private final Clock clock;

	private final Semaphore inFlight;

	private final ConcurrentLinkedQueue<Attempt> finished = new ConcurrentLinkedQueue<>();

	private final ConcurrentSkipListSet<Instant> due = new ConcurrentSkipListSet<>();

	private final Semaphore wakeups = new Semaphore(0);

	CallbackSender(JdbcTemplate jdbc, TransactionTemplate transactions, WebhookPost post, CallbackProperties properties,
			Clock clock) {
		super("callback-sender", 2);
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.post = post;
		this.properties = properties;
		this.clock = clock;
		this.inFlight = new Semaphore(properties.maxInFlight());
	}

	void wake() {
		if (this.wakeups.availablePermits() == 0) {
			this.wakeups.release();
		}
	}

	/**
	 * Makes the claim loop look again at {@code at}, when a delivery written by this
	 * instance becomes due.
	 */
	void dueAt(Instant at) {
		this.due.add(at);
		while (this.due.size() > 10_000) {
			this.due.pollLast();
		}
		wake();
	}

	/**
	 * Records an attempt made outside the claim loop on a delivery that has a row.
	 */
	void finished(Delivery delivery, WebhookPost.Result result) {
		this.finished.add(new Attempt(delivery, result, false, true));
	}

	/**
	 * Puts back a delivery with a row that was not attempted, without counting an
	 * attempt.
	 */
	void notAttempted(Delivery delivery) {
		this.finished
			.add(new Attempt(delivery, new WebhookPost.Result(this.clock.instant(), null, null, 0), true, false));
	}

	/**
	 * Worker 0 claims due deliveries and starts their attempts; worker 1 records finished
	 * attempts (and, after a stop, those still coming in).
	 */
	@Override
	protected void work(int index) {
		if (index == 0) {
			claimLoop();
		}
		else {
			recordLoop();
		}
	}

	@Override
	protected void wakeAll() {
		wake();
	}

	private void claimLoop() {
		while (running()) {
			try {
				int free = this.inFlight.availablePermits();
				List<Delivery> claimed = (free > 0) ? claim(Math.min(free, this.properties.batchSize())) : List.of();
				for (Delivery delivery : claimed) {
					this.inFlight.acquire();
					Thread.ofVirtual().name("callback-", 0).start(() -> attempt(delivery));
				}
				if (claimed.isEmpty() || free == 0) {
					this.wakeups.tryAcquire(idleWait().toMillis(), TimeUnit.MILLISECONDS);
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

	private Duration idleWait() {
		Instant now = this.clock.instant();
		Instant next = this.due.pollFirst();
		if (next == null) {
			return this.properties.pollInterval();
		}
		if (!next.isAfter(now)) {
			return Duration.ZERO;
		}
		this.due.add(next);
		Duration untilNext = Duration.between(now, next).plusMillis(1);
		return (untilNext.compareTo(this.properties.pollInterval()) < 0) ? untilNext : this.properties.pollInterval();
	}

	private List<Delivery> claim(int limit) {
		Instant now = this.clock.instant();
		return this.jdbc.query(CLAIM,
				(rs, row) -> new Delivery(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
						rs.getString(4), rs.getInt(5)),
				Timestamp.from(now.plus(this.properties.lease())), Timestamp.from(now), limit);
	}

	private void attempt(Delivery delivery) {
		try {
			Semaphore endpoint = this.post.slot(delivery.url(), 2000);
			if (endpoint == null) {
				this.finished.add(new Attempt(delivery, new WebhookPost.Result(this.clock.instant(), null, null, 0),
						true, false));
				return;
			}
			try {
				this.finished.add(new Attempt(delivery,
						this.post.post(delivery.id(), delivery.botId(), delivery.url(), delivery.payload()), false,
						false));
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
			// capacity came back: a claim loop that stopped for lack of it goes on now
			if (this.inFlight.availablePermits() >= Math.min(this.properties.batchSize(),
					this.properties.maxInFlight() / 2)) {
				wake();
			}
		}
	}

	private void recordLoop() {
		while (running() || !this.finished.isEmpty() || attemptsUnderWay()) {
			List<Attempt> batch = new ArrayList<>();
			Attempt attempt;
			while (batch.size() < 1000 && (attempt = this.finished.poll()) != null) {
				batch.add(attempt);
			}
			if (batch.isEmpty()) {
				sleep(Duration.ofMillis(20));
				if (!running() && this.finished.isEmpty() && !attemptsUnderWay()) {
					return;
				}
				continue;
			}
			try {
				if (Boolean.TRUE.equals(this.transactions.execute((tx) -> record(batch)))) {
					// only now that it is committed can the claim loop see what came due
					dueAt(this.clock.instant());
				}
			}
			catch (RuntimeException ex) {
				log.warn("Recording {} webhook attempts failed; they will be retried after their lease", batch.size(),
						ex);
			}
		}
	}

	/**
	 * Records the attempts of a batch.
	 * @return whether deliveries queued behind a recovered endpoint came due
	 */
	private boolean record(List<Attempt> batch) {
		List<Object[]> attempts = new ArrayList<>();
		List<UUID> deliveredIds = new ArrayList<>();
		List<Integer> deliveredCodes = new ArrayList<>();
		List<UUID> recovered = new ArrayList<>();
		List<Object[]> retries = new ArrayList<>();
		List<Object[]> dead = new ArrayList<>();
		List<Object[]> deferred = new ArrayList<>();
		for (Attempt a : batch) {
			UUID id = a.delivery().id();
			WebhookPost.Result r = a.result();
			if (a.deferred()) {
				deferred.add(new Object[] { Timestamp.from(r.at().plusSeconds(1)), id });
				dueAt(r.at().plusSeconds(1));
				continue;
			}
			attempts.add(new Object[] { id, Timestamp.from(r.at()), r.statusCode(), r.error(), r.durationMs() });
			if (r.succeeded()) {
				deliveredIds.add(id);
				deliveredCodes.add(r.statusCode());
				if (a.handedOver()) {
					recovered.add(id);
				}
				continue;
			}
			Instant next = RetrySchedule.next(this.properties.retrySchedule(), a.delivery().attempts(), r.at());
			if (next != null) {
				retries.add(new Object[] { Timestamp.from(next), r.statusCode(), r.error(), id });
				dueAt(next);
			}
			else {
				dead.add(new Object[] { r.statusCode(), r.error(), id });
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
		boolean due = !recovered.isEmpty() && afterRecovery(recovered);
		this.jdbc.batchUpdate(
				"update webhook_delivery set run_at = ?, last_status_code = ?, last_error = ? where id = ?", retries);
		this.jdbc.batchUpdate(
				"update webhook_delivery set state = 'DEAD', last_status_code = ?, last_error = ? where id = ?", dead);
		this.jdbc.batchUpdate("update webhook_delivery set run_at = ?, attempts = attempts - 1 where id = ?", deferred);
		return due;
	}

	/**
	 * A slow endpoint answered a handed-over attempt: the callbacks of the same
	 * notification queued behind it (not tried yet, due when the attempt would surely
	 * have ended) are due now.
	 */
	private boolean afterRecovery(List<UUID> delivered) {
		Instant now = this.clock.instant();
		int due = this.jdbc.update((connection) -> {
			PreparedStatement ps = connection.prepareStatement("""
					update webhook_delivery q set run_at = ? from webhook_delivery d
					where d.id = any(?::uuid[]) and q.notification_id = d.notification_id and q.url = d.url
					  and q.state = 'PENDING' and q.attempts = 0 and q.run_at > ?""");
			ps.setTimestamp(1, Timestamp.from(now));
			ps.setArray(2, connection.createArrayOf("uuid", delivered.toArray()));
			ps.setTimestamp(3, Timestamp.from(now));
			return ps;
		});
		return due > 0;
	}

	// after a stop: attempts that will still report, waited for until the stop gives up
	// (interrupts this worker); what they report later is lost, and their rows are
	// claimed again after their lease
	private boolean attemptsUnderWay() {
		return this.inFlight.availablePermits() < this.properties.maxInFlight()
				&& !Thread.currentThread().isInterrupted();
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
	 * A delivery with a row.
	 *
	 * @param attempts attempts so far, the one being made included
	 */
	record Delivery(UUID id, String botId, String url, String payload, int attempts) {
	}

	/**
	 * @param handedOver a first attempt that outlasted its batch (its endpoint was slow)
	 */
	private record Attempt(Delivery delivery, WebhookPost.Result result, boolean deferred, boolean handedOver) {
	}

}
