package io.tidings.stream;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * What a consumer group does with a record it cannot handle: spring-kafka's
 * {@link DefaultErrorHandler} retries it a few times, then its
 * {@link DeadLetterPublishingRecoverer} publishes it (its original bytes when it did not
 * deserialize) to {@code <topic>-dlt}, same partition, with the failure in its headers;
 * it is counted ({@code tidings_kafka_dead_letters_total{topic,group}}) and logged by
 * position and kind of failure only, and the partition moves on. A store that is down is
 * no reason to give up: such failures are retried until they succeed.
 */
final class DeadLetters {

	static final String SUFFIX = "-dlt";

	/** Tries of a refused record before it is dead-lettered. */
	private static final long RETRIES = 2;

	private static final long RETRY_MILLIS = 500;

	/** How often a batch is tried again while the store is unavailable. */
	private static final long UNAVAILABLE_MILLIS = 1000;

	private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

	private final DefaultKafkaProducerFactory<String, Object> producers;

	private final KafkaTemplate<String, Object> template;

	private final MeterRegistry meters;

	DeadLetters(Map<String, Object> producerProperties, JsonMapper json, MeterRegistry meters) {
		Map<String, Object> producer = new HashMap<>(producerProperties);
		producer.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
		producer.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
		// an unreadable record is republished as the bytes it came with; one that was
		// read but refused, as the JSON it was read from
		Serializer<Object> values = (topic, value) -> switch (value) {
			case null -> null;
			case byte[] bytes -> bytes;
			case String text -> text.getBytes(StandardCharsets.UTF_8);
			default -> json.writeValueAsBytes(value);
		};
		this.producers = new DefaultKafkaProducerFactory<>(producer, new StringSerializer(), values);
		this.template = new KafkaTemplate<>(this.producers);
		this.meters = meters;
	}

	DefaultErrorHandler errorHandler(String group) {
		DeadLetterPublishingRecoverer publisher = new DeadLetterPublishingRecoverer(this.template);
		ConsumerRecordRecoverer recoverer = (record, failure) -> {
			if (storeUnavailable(failure)) {
				// its tries ran out while the store went away: not the record's fault;
				// failing the recovery starts its count afresh
				throw new IllegalStateException("not dead-lettered: the store is unavailable");
			}
			// throws when the brokers did not take it: then the record stays where it
			// is and is tried again
			publisher.accept(record, failure);
			counter(record.topic(), group).increment();
			log.error("Record {} of group {} could not be handled; it is in {} ({})", RecordRefused.position(record),
					group, Streams.deadLetters(record.topic()), Failures.describe(failure));
		};
		DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, new FixedBackOff(RETRY_MILLIS, RETRIES));
		// chosen when a record first fails, and again whenever its failure changes
		// between the store's and the record's
		handler.setBackOffFunction((record, failure) -> storeUnavailable(failure)
				? new FixedBackOff(UNAVAILABLE_MILLIS, FixedBackOff.UNLIMITED_ATTEMPTS) : null);
		handler.addNotRetryableExceptions(RecordRefused.Unreadable.class);
		// a record being retried is a warning; a dead-lettered one is logged as an error
		// above
		handler.setLogLevel(KafkaException.Level.WARN);
		return handler;
	}

	/**
	 * Registers the counters of a group's dead letters at zero, so that they show before
	 * the first one.
	 */
	void register(String topic, String group) {
		counter(topic, group);
	}

	private Counter counter(String topic, String group) {
		return Counter.builder("tidings.kafka.dead.letters")
			.description("Records a consumer group could not handle, published to the dead-letter topic")
			.tag("topic", topic)
			.tag("group", group)
			.register(this.meters);
	}

	private static boolean storeUnavailable(Throwable failure) {
		for (Throwable t = failure; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
			if (t instanceof RecordRefused.StoreUnavailable) {
				return true;
			}
		}
		return false;
	}

	void close() {
		this.template.destroy();
		this.producers.destroy();
	}

}
