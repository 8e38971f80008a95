package io.tidings.callback;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.tidings.stream.ConditionalOnKafka;
import io.tidings.stream.Streams;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * First attempts of status callbacks in the Kafka mode: the callback senders are the
 * consumer group {@value #GROUP} on {@link Streams#STATUS_EVENTS}, and its committed
 * offsets are the cursor. A batch is posted by {@link FirstAttempts}, as
 * {@link EventStream} posts one: a slow or failing endpoint's callbacks are handed over
 * to {@code webhook_delivery} rows (retried by {@link CallbackSender}, shown in the
 * delivery log) and hold up no other bot's; only once those rows are committed may the
 * group commit its offsets, so a crash resends at most the batch (at least once), and a
 * callback that succeeds writes nothing.
 */
@Component
@ConditionalOnKafka
class KafkaCallbacks {

	static final String GROUP = "tidings-callbacks";

	private static final String PENDING = """
			select notification_id, url, max(run_at) from webhook_delivery
			where state = 'PENDING' and notification_id = any(?) group by 1, 2""";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final FirstAttempts firstAttempts;

	private final Clock clock;

	KafkaCallbacks(Streams streams, JdbcTemplate jdbc, TransactionTemplate transactions, FirstAttempts firstAttempts,
			Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.firstAttempts = firstAttempts;
		this.clock = clock;
		streams.consumer(Streams.STATUS_EVENTS, GROUP, streams.properties().callbackConsumers(),
				streams.properties().callbackBatch(), StreamedEvent.class, this::handle);
	}

	/**
	 * Calls back one batch of status changes; returns once what did not succeed in time
	 * has its rows.
	 */
	void handle(List<StreamedEvent> events) {
		FirstAttempts.Batch batch = this.firstAttempts.batch(events);
		if (batch.isEmpty()) {
			return;
		}
		behindPendingRows(batch);
		try {
			batch.post();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while calling back", ex);
		}
		if (!batch.nothingToWrite()) {
			try {
				this.transactions.executeWithoutResult((tx) -> batch.write(this.jdbc));
			}
			catch (RuntimeException ex) {
				batch.written(false);
				throw ex;
			}
		}
		batch.written(true);
	}

	/**
	 * A notification whose earlier callback to an endpoint still has a pending row (it
	 * failed or was handed over, and is retried later) queues its new callbacks behind
	 * it.
	 */
	private void behindPendingRows(FirstAttempts.Batch batch) {
		Instant now = this.clock.instant();
		UUID[] ids = batch.notificationIds();
		this.jdbc.query(PENDING, (ps) -> ps.setArray(1, ps.getConnection().createArrayOf("uuid", ids)), (rs) -> {
			Instant runAt = rs.getTimestamp(3).toInstant();
			batch.holdUntil(rs.getObject(1, UUID.class), rs.getString(2), runAt.isAfter(now) ? runAt : now);
		});
	}

}
