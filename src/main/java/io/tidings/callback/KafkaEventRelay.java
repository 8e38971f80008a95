package io.tidings.callback;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

import io.tidings.stream.ConditionalOnKafka;
import io.tidings.stream.Streams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The outbox relay of the Kafka mode: in place of {@link EventStream}, one worker per
 * event-log partition reads the committed status changes after its cursor (in commit
 * order, the same readability rule as {@link EventStream}), publishes them to
 * {@link Streams#STATUS_EVENTS} keyed by bot, and moves the cursor in
 * {@code callback_cursor} only after the brokers have acknowledged every record of the
 * batch. A crash or a broker outage republishes at most the unacknowledged batch (at
 * least once, no gap); one notification's events are in one event-log partition and one
 * bot's records in one topic partition, so its callbacks keep their order. Partitions are
 * leased as {@link EventStream} leases them ({@code tidings.callback.stream-lease},
 * renewed every {@code stream-lease-renewal} while the worker is alive, given up on a
 * graceful stop), so a killed instance's partitions are relayed by another within the
 * lease.
 */
@Component
@ConditionalOnKafka
class KafkaEventRelay extends EventLogWorkers {

	private static final Logger log = LoggerFactory.getLogger(KafkaEventRelay.class);

	private static final int BATCH = 2000;

	// the event log is read with EventStream's statements: the same readability rule,
	// cursor, lease and renewal

	private static final long IDLE_POLL_MILLIS = 1000;

	private final JdbcTemplate jdbc;

	private final Streams streams;

	private final JsonMapper json;

	private final Clock clock;

	private final CallbackProperties properties;

	// per partition: whether its worker is waiting for the brokers (alive, however long
	// the acknowledgement takes: the renewer keeps its lease)
	private final AtomicIntegerArray publishing = new AtomicIntegerArray(PARTITIONS);

	KafkaEventRelay(JdbcTemplate jdbc, Streams streams, JsonMapper json, Clock clock, CallbackProperties properties) {
		super("kafka-relay", "relay", jdbc, clock, properties);
		this.jdbc = jdbc;
		this.streams = streams;
		this.json = json;
		this.clock = clock;
		this.properties = properties;
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
				beat(part);
				Instant now = this.clock.instant();
				if (cursor == null || Duration.between(now, heldUntil(part)).compareTo(this.lease.dividedBy(2)) < 0) {
					cursor = acquire(part, now);
				}
				if (cursor == null) {
					// a partition another instance holds: taken over soon after its lease
					// ends
					this.wakeups[part].tryAcquire(this.properties.streamLeaseRenewal().toMillis(),
							TimeUnit.MILLISECONDS);
					continue;
				}
				List<StreamedEvent> events = new ArrayList<>();
				List<String> txs = new ArrayList<>();
				read(part, cursor, events, txs);
				if (events.isEmpty()) {
					boolean waiting = Boolean.TRUE.equals(this.jdbc.queryForObject(EventStream.WAITING, Boolean.class,
							part, cursor.tx(), cursor.seq()));
					blocked = waiting ? Math.min(Math.max(blocked * 2, 2), 64) : 0;
					this.wakeups[part].tryAcquire(waiting ? blocked : IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
					continue;
				}
				blocked = 0;
				List<Map.Entry<String, String>> records = new ArrayList<>(events.size());
				for (StreamedEvent e : events) {
					records.add(Map.entry(e.change().botId(), this.json.writeValueAsString(e)));
				}
				// the cursor moves only once every record is acknowledged
				this.publishing.set(part, 1);
				try {
					this.streams.publish(Streams.STATUS_EVENTS, records);
				}
				finally {
					this.publishing.set(part, 0);
					beat(part);
				}
				StreamedEvent last = events.get(events.size() - 1);
				String lastTx = txs.get(txs.size() - 1);
				Instant leaseUntil = this.clock.instant().plus(this.lease);
				if (this.jdbc.update(EventStream.ADVANCE, lastTx, last.seq(), Timestamp.from(leaseUntil), part,
						this.owner) == 0) {
					held(part, null);
					throw new IllegalStateException("lost the lease of event-log partition " + part);
				}
				held(part, leaseUntil);
				cursor = new Cursor(lastTx, last.seq());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				log.warn("Relay of event-log partition {} failed; its events will be published again: {}", part,
						ex.toString());
				cursor = null;
				try {
					this.wakeups[part].tryAcquire(1000, TimeUnit.MILLISECONDS);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	/**
	 * A worker waiting for the brokers is alive.
	 */
	@Override
	boolean busy(int part) {
		return this.publishing.get(part) == 1;
	}

	private Cursor acquire(int part, Instant now) {
		Instant until = now.plus(this.lease);
		List<Cursor> cursors = this.jdbc.query(ACQUIRE, (rs, row) -> new Cursor(rs.getString(1), rs.getLong(2)),
				this.owner, Timestamp.from(until), part, this.owner, Timestamp.from(now));
		held(part, cursors.isEmpty() ? null : until);
		return cursors.isEmpty() ? null : cursors.get(0);
	}

	private void read(int part, Cursor cursor, List<StreamedEvent> events, List<String> txs) {
		this.jdbc.query(EventStream.READ, (rs) -> {
			events.add(new StreamedEvent(rs.getLong(1), EventStream.change(rs)));
			txs.add(rs.getString(2));
		}, part, cursor.tx(), cursor.seq(), BATCH);
	}

	private record Cursor(String tx, long seq) {
	}

}
