package io.tidings.stream;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

/**
 * The consume loop every group shares: hands a batch's values to the handler and, when it
 * fails, names the record to the error handler. A record that does not deserialize, or
 * that the handler refuses on its own while the store is reachable, is named as refused
 * (bounded retries, then the dead-letter topic); a failure of the store names the first
 * record not handled, which is then retried until it succeeds. Every record before the
 * one named has been handled, so its offset may be committed.
 */
final class BatchListener<T> implements BatchMessageListener<String, T> {

	private static final LogAccessor LOG = new LogAccessor(LogFactory.getLog(BatchListener.class));

	private final Consumer<List<T>> handler;

	private final Counter unavailable;

	private final Counter refused;

	private final BooleanSupplier storeAnswers;

	BatchListener(String group, Consumer<List<T>> handler, BooleanSupplier storeAnswers, MeterRegistry meters) {
		this.handler = handler;
		this.storeAnswers = storeAnswers;
		this.unavailable = failures(meters, group, "unavailable");
		this.refused = failures(meters, group, "record");
	}

	private static Counter failures(MeterRegistry meters, String group, String reason) {
		return Counter.builder("tidings.kafka.consumer.failures")
			.description("Batches a consumer group could not handle: the store was unavailable (retried until it "
					+ "succeeds) or a record was refused (retried a few times, then dead-lettered)")
			.tag("group", group)
			.tag("reason", reason)
			.register(meters);
	}

	@Override
	public void onMessage(List<ConsumerRecord<String, T>> records) {
		for (int i = 0; i < records.size(); i++) {
			ConsumerRecord<String, T> record = records.get(i);
			if (record.value() == null) {
				handle(records.subList(0, i));
				DeserializationException unreadable = SerializationUtils.getExceptionFromHeader(record,
						SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG);
				this.refused.increment();
				throw new RecordRefused.Unreadable(record,
						(unreadable != null) ? unreadable : new IllegalArgumentException("no value"));
			}
		}
		handle(records);
	}

	private void handle(List<ConsumerRecord<String, T>> records) {
		if (records.isEmpty()) {
			return;
		}
		try {
			this.handler.accept(records.stream().map(ConsumerRecord::value).toList());
			return;
		}
		catch (RuntimeException ex) {
			if (records.size() == 1 || Failures.unavailable(ex)) {
				throw failed(records.get(0), ex);
			}
		}
		// the handler refused the batch while the store answers: one record at a time
		// finds the one it refuses (those before it are handled; duplicates change
		// nothing downstream)
		for (ConsumerRecord<String, T> record : records) {
			try {
				this.handler.accept(List.of(record.value()));
			}
			catch (RuntimeException ex) {
				throw failed(record, ex);
			}
		}
	}

	private BatchListenerFailedException failed(ConsumerRecord<String, T> record, RuntimeException ex) {
		// a failure that does not say what it is (a driver's bare SQLException on a
		// closed connection) counts as the store's when the store does not answer
		if (Failures.unavailable(ex) || !this.storeAnswers.getAsBoolean()) {
			this.unavailable.increment();
			LOG.debug(() -> "Store unavailable at " + RecordRefused.position(record) + ": " + Failures.kinds(ex));
			return new RecordRefused.StoreUnavailable(record, ex);
		}
		this.refused.increment();
		return new RecordRefused(record, ex);
	}

}
