package io.tidings.callback;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.tidings.common.CallbackFormat;
import io.tidings.common.Channel;
import io.tidings.common.Origin;
import io.tidings.common.Status;
import io.tidings.common.Workers;
import io.tidings.notification.BulkAcceptor;
import io.tidings.notification.StatusChange;
import io.tidings.notification.StatusesChanged;
import io.tidings.stream.ConditionalOnKafka;
import io.tidings.stream.Streams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The outbox relay of the Kafka mode: in place of {@link EventStream}, one worker per
 * event-log partition reads the committed status changes after its cursor (in commit
 * order, the same readability rule as {@link EventStream}), publishes them to
 * {@link Streams#STATUS_EVENTS} keyed by bot, and moves the cursor in
 * {@code callback_cursor} only after the brokers have acknowledged every record of the
 * batch. A crash or a broker outage republishes at most the unacknowledged batch (at
 * least once, no gap); one notification's events are in one event-log partition and one
 * bot's records in one topic partition, so its callbacks keep their order.
 */
@Component
@ConditionalOnKafka
class KafkaEventRelay extends Workers {

	private static final Logger log = LoggerFactory.getLogger(KafkaEventRelay.class);

	private static final int BATCH = 2000;

	private static final Duration LEASE = Duration.ofSeconds(30);

	private static final long IDLE_POLL_MILLIS = 1000;

	private static final String READ = """
			select e.seq, e.tx::text, e.notification_id, e.status, e.occurred_at, e.error_code, e.error_message, e.reply,
			  n.bot_id, n.channel, n.origin, n.callback_format, n.campaign_id, n.template_name, n.destination,
			  n.custom_payload::text, n.postback_url
			from status_event e join notification n on n.id = e.notification_id
			where e.part = ? and e.callback and (e.tx, e.seq) > (?::xid8, ?)
			  and e.tx < pg_snapshot_xmin(pg_current_snapshot())
			order by e.tx, e.seq limit ?""";

	private static final String WAITING = """
			select (select 1 from status_event e where e.part = ? and e.callback and (e.tx, e.seq) > (?::xid8, ?)
			  order by e.tx, e.seq limit 1) is not null""";

	private static final String ACQUIRE = """
			update callback_cursor set owner = ?, lease_until = ?
			where part = ? and (owner = ? or owner is null or lease_until < ?) returning tx::text, seq""";

	private static final String ADVANCE = """
			update callback_cursor set tx = ?::xid8, seq = ?, lease_until = ? where part = ? and owner = ?""";

	private final JdbcTemplate jdbc;

	private final Streams streams;

	private final JsonMapper json;

	private final Clock clock;

	private final String owner = UUID.randomUUID().toString();

	private final Semaphore[] wakeups = new Semaphore[EventStream.PARTITIONS];

	KafkaEventRelay(JdbcTemplate jdbc, Streams streams, JsonMapper json, Clock clock) {
		super("kafka-relay", EventStream.PARTITIONS);
		this.jdbc = jdbc;
		this.streams = streams;
		this.json = json;
		this.clock = clock;
		for (int p = 0; p < this.wakeups.length; p++) {
			this.wakeups[p] = new Semaphore(0);
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
	}

	@Override
	protected void work(int part) {
		Cursor cursor = null;
		long blocked = 0;
		while (running()) {
			try {
				Instant now = this.clock.instant();
				if (cursor == null || Duration.between(now, cursor.leaseUntil()).compareTo(LEASE.dividedBy(2)) < 0) {
					cursor = acquire(part, now);
				}
				if (cursor == null) {
					this.wakeups[part].tryAcquire(LEASE.toMillis() / 3, TimeUnit.MILLISECONDS);
					continue;
				}
				List<StreamedEvent> events = new ArrayList<>();
				List<String> txs = new ArrayList<>();
				read(part, cursor, events, txs);
				if (events.isEmpty()) {
					boolean waiting = Boolean.TRUE
						.equals(this.jdbc.queryForObject(WAITING, Boolean.class, part, cursor.tx(), cursor.seq()));
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
				this.streams.publish(Streams.STATUS_EVENTS, records);
				StreamedEvent last = events.get(events.size() - 1);
				String lastTx = txs.get(txs.size() - 1);
				Instant leaseUntil = this.clock.instant().plus(LEASE);
				if (this.jdbc.update(ADVANCE, lastTx, last.seq(), Timestamp.from(leaseUntil), part, this.owner) == 0) {
					throw new IllegalStateException("lost the lease of event-log partition " + part);
				}
				cursor = new Cursor(lastTx, last.seq(), leaseUntil);
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

	private Cursor acquire(int part, Instant now) {
		Instant until = now.plus(LEASE);
		List<Cursor> cursors = this.jdbc.query(ACQUIRE, (rs, row) -> new Cursor(rs.getString(1), rs.getLong(2), until),
				this.owner, Timestamp.from(until), part, this.owner, Timestamp.from(now));
		return cursors.isEmpty() ? null : cursors.get(0);
	}

	private void read(int part, Cursor cursor, List<StreamedEvent> events, List<String> txs) {
		this.jdbc.query(READ, (rs) -> {
			Timestamp occurred = rs.getTimestamp(5);
			StatusChange change = new StatusChange(rs.getObject(3, UUID.class), rs.getString(9),
					Channel.fromWire(rs.getString(10)), Origin.valueOf(rs.getString(11)),
					CallbackFormat.fromWire(rs.getString(12)), Status.valueOf(rs.getString(4)), occurred.toInstant(),
					(Integer) rs.getObject(6), rs.getString(7), rs.getString(8), rs.getString(15), rs.getString(14),
					rs.getString(13), rs.getString(16), rs.getString(17));
			events.add(new StreamedEvent(rs.getLong(1), change));
			txs.add(rs.getString(2));
		}, part, cursor.tx(), cursor.seq(), BATCH);
	}

	private record Cursor(String tx, long seq, Instant leaseUntil) {
	}

}
