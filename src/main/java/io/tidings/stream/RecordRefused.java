package io.tidings.stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.listener.BatchListenerFailedException;

/**
 * Names to the error handler a record its consumer cannot handle (it does not
 * deserialize, or handling it fails while the store is reachable): tried a few times,
 * then dead-lettered. Its message names the record and the kinds of failure, never the
 * record's content, so that it can be logged; it keeps the original stack trace.
 */
class RecordRefused extends BatchListenerFailedException {

	RecordRefused(ConsumerRecord<?, ?> record, Throwable failure) {
		super(position(record) + " refused: " + Failures.kinds(failure), record);
		setStackTrace(failure.getStackTrace());
	}

	static String position(ConsumerRecord<?, ?> record) {
		return record.topic() + "-" + record.partition() + "@" + record.offset();
	}

	/**
	 * A record whose value does not deserialize: retrying it cannot help.
	 */
	static final class Unreadable extends RecordRefused {

		Unreadable(ConsumerRecord<?, ?> record, Throwable failure) {
			super(record, failure);
		}

	}

	/**
	 * Names the first record not handled because the store was unavailable: retried until
	 * it succeeds, never dead-lettered. A class of its own, so that the error handler
	 * starts counting afresh when a record's failure changes between this and a refusal.
	 */
	static final class StoreUnavailable extends BatchListenerFailedException {

		StoreUnavailable(ConsumerRecord<?, ?> record, Throwable failure) {
			super("store unavailable at " + position(record), failure, record);
		}

	}

}
