package io.tidings.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tidings.bot.BotChannels;
import io.tidings.bot.ChannelSetting;
import io.tidings.channel.Delivery;
import io.tidings.channel.Providers;
import io.tidings.channel.SendResult;
import io.tidings.common.FailureKind;
import io.tidings.common.Workers;
import io.tidings.common.Status;
import io.tidings.notification.OutboundNotification;
import io.tidings.notification.Handoff;
import io.tidings.notification.SendQueue;
import io.tidings.stream.KafkaMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The dispatch workers: each claims a batch of due notifications, sends the messages
 * concurrently on virtual threads, and commits every outcome of the batch in one
 * transaction.
 */
@Component
class Dispatcher extends Workers {

	private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

	private final DispatchQueue queue;

	private final Outcomes outcomes;

	private final BotChannels channels;

	private final Providers providers;

	private final DispatchProperties properties;

	private final Wakeup wakeup;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final Counter dispatched;

	private final DueFloor floor = new DueFloor();

	private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();

	private static final long CLAIM_INTERVAL_NANOS = 200_000_000L;

	private final Handoff handoff;

	private volatile long lastClaim = System.nanoTime();

	// in the Kafka mode, first attempts go through the dispatch group (KafkaDispatch),
	// which takes the hand-over instead of these workers
	private final boolean kafka;

	Dispatcher(DispatchQueue queue, Outcomes outcomes, BotChannels channels, Providers providers,
			DispatchProperties properties, Wakeup wakeup, TransactionTemplate transactions, Clock clock,
			MeterRegistry meters, Handoff handoff, Environment environment) {
		super("dispatch", properties.workers());
		this.kafka = StringUtils.hasText(environment.getProperty(KafkaMode.SETTING));
		this.handoff = handoff;
		this.queue = queue;
		this.outcomes = outcomes;
		this.channels = channels;
		this.providers = providers;
		this.properties = properties;
		this.wakeup = wakeup;
		this.transactions = transactions;
		this.clock = clock;
		this.dispatched = Counter.builder("tidings.notifications.dispatched")
			.description("Send attempts handed to providers")
			.register(meters);
	}

	/**
	 * Claims and processes one batch of at most {@code limit}.
	 * @param table whether to claim from the table's queue too (else only when the last
	 * claim from it is older than {@code CLAIM_INTERVAL_NANOS})
	 */
	Batch runOnce(int limit, boolean table) {
		// notifications born claimed by this instance's accepts first; the table's queue
		// (retries, scheduled sends, campaigns, leases run out) when asked and at least
		// every 200 ms while they keep coming
		List<SendQueue.Claimed> handed = this.kafka ? List.of() : this.handoff.take(limit);
		if (!handed.isEmpty()) {
			process(handed);
		}
		if (!table && !this.kafka && System.nanoTime() - this.lastClaim < CLAIM_INTERVAL_NANOS) {
			return new Batch(handed.size(), false, false);
		}
		this.lastClaim = System.nanoTime();
		int wanted = Math.max(limit - handed.size(), 1);
		int claimed = claimAndProcess(wanted);
		return new Batch(handed.size() + claimed, true, claimed == wanted);
	}

	/**
	 * Sends claimed notifications and commits their outcomes in one transaction.
	 */
	void process(List<SendQueue.Claimed> claimed) {
		Map<UUID, SendResult> results = send(claimed);
		this.transactions.executeWithoutResult((tx) -> this.outcomes.record(claimed, results, this.clock.instant()));
	}

	private int claimAndProcess(int limit) {
		Instant now = this.clock.instant();
		// as PostgreSQL stores it, so that the outcome can tell its own claim from a
		// later one
		Instant leaseUntil = now.plus(this.properties.lease()).truncatedTo(ChronoUnit.MICROS);
		Instant from = this.floor.at(now);
		List<SendQueue.Claimed> claimed = this.transactions
			.execute((tx) -> this.queue.claim(limit, now, leaseUntil, from));
		if (claimed == null) {
			return 0;
		}
		this.floor.claimed(now, from, claimed.size() < limit);
		if (claimed.isEmpty()) {
			return 0;
		}
		process(claimed);
		return claimed.size();
	}

	private Map<UUID, SendResult> send(List<SendQueue.Claimed> claimed) {
		List<UUID> ids = new ArrayList<>();
		List<Future<SendResult>> futures = new ArrayList<>();
		for (SendQueue.Claimed c : claimed) {
			OutboundNotification n = c.notification();
			if (n.status() != Status.CREATED) {
				continue; // already sent: its announced follow-ups are due
			}
			ids.add(n.id());
			futures.add(this.senders.submit(() -> sendOne(n, c.attempts())));
		}
		Map<UUID, SendResult> results = new HashMap<>();
		for (int i = 0; i < ids.size(); i++) {
			results.put(ids.get(i), outcome(futures.get(i)));
		}
		this.dispatched.increment(ids.size());
		return results;
	}

	private SendResult sendOne(OutboundNotification n, int attempt) {
		if (n.invalid() != null) {
			return new SendResult.Permanent(FailureKind.INVALID, n.invalid().errorCode(), n.invalid().reason());
		}
		ChannelSetting setting = this.channels.find(n.botId(), n.channel()).orElse(null);
		if (setting == null) {
			return new SendResult.Permanent(FailureKind.ERROR, 100,
					"Channel " + n.channel().wire() + " is not configured");
		}
		Delivery delivery = new Delivery(n.id(), n.botId(), n.channel(), n.destination(), n.sender(), n.templateName(),
				n.content(), attempt);
		return this.providers.send(n.botId(), n.channel(), setting.provider(), setting.settings(), delivery);
	}

	private static SendResult outcome(Future<SendResult> future) {
		try {
			return future.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new SendResult.Retryable("interrupted", null);
		}
		catch (Exception ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			log.warn("Provider failed unexpectedly", cause);
			return new SendResult.Retryable(String.valueOf(cause.getMessage()), null);
		}
	}

	@Override
	public synchronized void start() {
		if (!this.kafka) {
			this.handoff.open(this.properties.lease(), this.properties.handoff(), this.wakeup::signal);
		}
		super.start();
	}

	@Override
	public synchronized void stop() {
		super.stop();
		// in the Kafka mode the hand-over is KafkaDispatch's: it closes it
		if (!this.kafka) {
			this.handoff.close();
		}
	}

	@Override
	protected void wakeAll() {
		for (int i = 0; i < this.properties.workers(); i++) {
			this.wakeup.signal();
		}
	}

	@Override
	protected void work(int index) {
		// batches grow while they come back full (a backlog: fewer, larger transactions)
		// and shrink back when it is gone (short batches: low latency)
		int limit = this.properties.batchSize();
		int largest = this.properties.batchSize() * 4;
		boolean table = true;
		Instant nextDue = null;
		while (running()) {
			try {
				Batch batch = runOnce(limit, table);
				if (batch.count() == 0) {
					// nothing due now: sleep until the next row is due (a scheduled
					// send, a retry, a campaign's paced send, an announced status), a
					// commit's wake-up, or the poll for other instances' work. Rows due
					// before now minus the floor's margin are the claims' to find (the
					// next full scan at the latest), as they come every poll. The next
					// due time is asked again only after a look in the table
					Instant now = this.clock.instant();
					if (batch.lookedInTable()) {
						nextDue = this.queue.nextDue(now.minus(DueFloor.MARGIN));
					}
					boolean woken = this.wakeup.await(now, nextDue, this.properties.pollInterval());
					// woken for a hand-over only, the worker looks in the hand-over: the
					// table when a commit queued rows there, when the wait ran out (the
					// poll, the next due time) and every CLAIM_INTERVAL at least. Each
					// idle worker looked in the table on every hand-over's wake-up, and
					// about as often found the hand-over emptied by a busy one: a claim
					// and a next-due question for nothing, 2,000 statements per 20,000
					// messages
					table = !woken || this.wakeup.tableWork();
				}
				else {
					table = batch.tableFull() || this.wakeup.tableWork();
				}
				limit = (batch.count() == limit) ? Math.min(limit * 2, largest)
						: Math.max(this.properties.batchSize(), limit / 2);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				log.warn("Dispatch batch failed; its notifications will be claimed again when their lease ends", ex);
				table = true;
				sleepQuietly();
			}
		}
	}

	private void sleepQuietly() {
		try {
			this.wakeup.await(this.properties.pollInterval());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * What one round of a worker did.
	 *
	 * @param count notifications processed, handed over and claimed
	 * @param lookedInTable whether it claimed from the table's queue
	 * @param tableFull whether that claim got all it asked for (more may be due)
	 */
	record Batch(int count, boolean lookedInTable, boolean tableFull) {
	}

}
