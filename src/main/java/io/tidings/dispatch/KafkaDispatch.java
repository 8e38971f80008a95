package io.tidings.dispatch;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tidings.common.Workers;
import io.tidings.notification.BornClaims;
import io.tidings.notification.Handoff;
import io.tidings.notification.SendQueue;
import io.tidings.stream.ConditionalOnKafka;
import io.tidings.stream.StreamProperties;
import io.tidings.stream.Streams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * First attempts of accepted messages in the Kafka mode. An accept stores its messages
 * born claimed ({@link Handoff}) with a lease of {@code tidings.kafka.dispatch-grace}
 * instead of this instance's dispatch lease; once committed, this publishes one record
 * per message (its id and that lease) to {@link Streams#DISPATCH}, keyed by bot, and the
 * consumer group {@value #GROUP} (any instance) claims the rows that still carry that
 * lease ({@link BornClaims}), sends them with the dispatch workers' code and commits the
 * outcomes, then its offsets. The row stays the store of record and its {@code due_at}
 * the timer: a message whose record was never published or never consumed becomes due in
 * the PostgreSQL queue when the grace ends and is sent from there; a record delivered
 * twice, or after the queue took its row, claims nothing. Retries, scheduled sends and
 * campaigns stay on the PostgreSQL queue.
 */
@Component
@ConditionalOnKafka
class KafkaDispatch extends Workers {

	static final String GROUP = "tidings-dispatch";

	private static final Logger log = LoggerFactory.getLogger(KafkaDispatch.class);

	private static final int PUBLISH_BATCH = 2000;

	private final Handoff handoff;

	private final Streams streams;

	private final BornClaims claims;

	private final Dispatcher dispatcher;

	private final DispatchProperties properties;

	private final TransactionTemplate transactions;

	private final JsonMapper json;

	private final Clock clock;

	private final Semaphore handed = new Semaphore(0);

	private final Counter published;

	private final Counter claimed;

	KafkaDispatch(Handoff handoff, Streams streams, BornClaims claims, Dispatcher dispatcher,
			DispatchProperties properties, TransactionTemplate transactions, JsonMapper json, Clock clock,
			MeterRegistry meters) {
		super("kafka-dispatch", 1);
		this.handoff = handoff;
		this.streams = streams;
		this.claims = claims;
		this.dispatcher = dispatcher;
		this.properties = properties;
		this.transactions = transactions;
		this.json = json;
		this.clock = clock;
		this.published = Counter.builder("tidings.kafka.dispatch.published")
			.description("Accepted messages published to the dispatch topic")
			.register(meters);
		this.claimed = Counter.builder("tidings.kafka.dispatch.claimed")
			.description("Accepted messages the dispatch group claimed and handed to their provider")
			.register(meters);
		StreamProperties kafka = streams.properties();
		if (kafka.dispatchConsumers() > 0) {
			streams.consumer(Streams.DISPATCH, GROUP, kafka.dispatchConsumers(), kafka.dispatchBatch(),
					DispatchRecord.class, this::handle);
		}
	}

	@Override
	public synchronized void start() {
		// accepted messages are born with the grace as their lease, and handed to the
		// publisher once committed
		this.handoff.open(this.streams.properties().dispatchGrace(), this.properties.handoff(), this.handed::release);
		super.start();
	}

	@Override
	public synchronized void stop() {
		super.stop();
		// what was not published yet is due in the PostgreSQL queue at once
		this.handoff.close();
	}

	@Override
	protected void wakeAll() {
		this.handed.release();
	}

	/**
	 * The publisher: takes what accepts handed over after their commit and publishes it;
	 * what it cannot publish waits in its row until the grace ends.
	 */
	@Override
	protected void work(int index) {
		while (running()) {
			try {
				this.handed.tryAcquire(1000, TimeUnit.MILLISECONDS);
				this.handed.drainPermits();
				for (List<SendQueue.Claimed> batch = this.handoff.take(PUBLISH_BATCH); !batch
					.isEmpty(); batch = this.handoff.take(PUBLISH_BATCH)) {
					publish(batch);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private void publish(List<SendQueue.Claimed> batch) {
		List<Map.Entry<String, String>> records = new ArrayList<>(batch.size());
		for (SendQueue.Claimed c : batch) {
			records.add(Map.entry(c.notification().botId(),
					this.json.writeValueAsString(new DispatchRecord(c.notification().id(), c.leaseUntil()))));
		}
		try {
			this.streams.publish(Streams.DISPATCH, records);
			this.published.increment(records.size());
		}
		catch (RuntimeException ex) {
			log.warn("Could not publish {} accepted messages to {}; the PostgreSQL queue sends them when their"
					+ " grace ends: {}", records.size(), Streams.DISPATCH, ex.toString());
		}
	}

	/**
	 * Claims and sends one batch of the dispatch group; returns once the outcomes are
	 * committed (a failure before that is retried by the group: what was claimed is
	 * claimed no more, and what was not is claimed then).
	 */
	void handle(List<DispatchRecord> records) {
		Map<Instant, List<UUID>> byLease = new LinkedHashMap<>();
		for (DispatchRecord r : records) {
			byLease.computeIfAbsent(r.lease(), (k) -> new ArrayList<>()).add(r.id());
		}
		// as PostgreSQL stores it, so that the outcome finds its own claim
		Instant leaseUntil = this.clock.instant().plus(this.properties.lease()).truncatedTo(ChronoUnit.MICROS);
		List<SendQueue.Claimed> claimed = this.transactions.execute((tx) -> {
			List<SendQueue.Claimed> all = new ArrayList<>();
			byLease.forEach((born, ids) -> all.addAll(this.claims.claim(ids, born, leaseUntil)));
			return all;
		});
		if (claimed == null || claimed.isEmpty()) {
			return;
		}
		this.claimed.increment(claimed.size());
		this.dispatcher.process(claimed);
	}

	/**
	 * One accepted message to send: its id and the lease it was stored with.
	 */
	record DispatchRecord(UUID id, Instant lease) {
	}

}
