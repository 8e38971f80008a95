package io.tidings.stream;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The Kafka clients of the service: the topics it creates, one idempotent producer that
 * publishes with {@code acks=all} and waits for the acknowledgement, and consumer groups
 * whose offsets are committed only after their listener has finished a batch (at least
 * once; a batch that fails is retried, never skipped).
 */
public class Streams {

	/** Status changes to call back, relayed from the {@code status_event} outbox. */
	public static final String STATUS_EVENTS = "tidings.status-events";

	/** Provider receipts (webhooks, SMPP delivery receipts) to apply to PostgreSQL. */
	public static final String RECEIPTS = "tidings.receipts";

	private final StreamProperties properties;

	private final KafkaProperties kafka;

	private final MeterRegistry meters;

	private final KafkaTemplate<String, String> template;

	private final Map<String, String> groups = new ConcurrentHashMap<>();

	Streams(StreamProperties properties, KafkaProperties kafka, MeterRegistry meters) {
		this.properties = properties;
		this.kafka = kafka;
		this.meters = meters;
		Map<String, Object> producer = new HashMap<>(kafka.buildProducerProperties());
		producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
		producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
		// every replica in sync has it before the send counts; retries neither duplicate
		// nor reorder a partition's records
		producer.put(ProducerConfig.ACKS_CONFIG, "all");
		producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		producer.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
		producer.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 2);
		producer.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
		long timeout = properties.sendTimeout().toMillis();
		producer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
		producer.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout, 10_000));
		producer.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(timeout, 10_100));
		DefaultKafkaProducerFactory<String, String> factory = new DefaultKafkaProducerFactory<>(producer);
		factory.addListener(new MicrometerProducerListener<>(meters));
		this.template = new KafkaTemplate<>(factory);
	}

	/**
	 * Creates the topics, or adds partitions to them, with the configured partition count
	 * and replication factor; fails when no broker answers.
	 */
	void createTopics() {
		Map<String, Object> admin = adminProperties();
		KafkaAdmin client = new KafkaAdmin(admin);
		client.setFatalIfBrokerNotAvailable(true);
		client.createOrModifyTopics(topic(STATUS_EVENTS), topic(RECEIPTS));
	}

	Map<String, Object> adminProperties() {
		Map<String, Object> admin = new HashMap<>(this.kafka.buildAdminProperties());
		admin.put("bootstrap.servers", this.properties.bootstrapServers());
		return admin;
	}

	private org.apache.kafka.clients.admin.NewTopic topic(String name) {
		return TopicBuilder.name(name)
			.partitions(this.properties.partitions())
			.replicas(this.properties.replicationFactor())
			.config("min.insync.replicas", Integer.toString(Math.min(2, this.properties.replicationFactor())))
			.build();
	}

	public StreamProperties properties() {
		return this.properties;
	}

	/**
	 * Publishes the records (key, value) to the topic and returns once the brokers have
	 * acknowledged every one of them.
	 * @throws IllegalStateException when one was not acknowledged in time (none, some or
	 * all may have been written: a retry may duplicate, never lose)
	 */
	public void publish(String topic, List<Map.Entry<String, String>> records) {
		List<CompletableFuture<?>> sent = new ArrayList<>(records.size());
		for (Map.Entry<String, String> r : records) {
			sent.add(this.template.send(topic, r.getKey(), r.getValue()));
		}
		try {
			CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
				.get(this.properties.sendTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while publishing to " + topic, ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Kafka did not acknowledge the records for " + topic, ex);
		}
	}

	/**
	 * A consumer group on one topic; the listener gets batches in partition order and the
	 * group's offsets move only once it returns. Start and stop it with the application.
	 * @param concurrency consumers in this instance
	 * @param maxBatch most records in one batch
	 */
	public SmartLifecycle consumer(String topic, String group, int concurrency, int maxBatch,
			Consumer<List<ConsumerRecord<String, String>>> listener) {
		Map<String, Object> consumer = new HashMap<>(this.kafka.buildConsumerProperties());
		consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.properties.bootstrapServers());
		consumer.put(ConsumerConfig.GROUP_ID_CONFIG, group);
		consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		// a group's first consumer starts from the oldest record: nothing published
		// before it joined is skipped
		consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxBatch);
		consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		DefaultKafkaConsumerFactory<String, String> factory = new DefaultKafkaConsumerFactory<>(consumer);
		factory.addListener(new MicrometerConsumerListener<>(this.meters));
		ContainerProperties container = new ContainerProperties(topic);
		container.setGroupId(group);
		container.setAckMode(ContainerProperties.AckMode.BATCH);
		container.setMessageListener((BatchMessageListener<String, String>) listener::accept);
		ConcurrentMessageListenerContainer<String, String> listeners = new ConcurrentMessageListenerContainer<>(factory,
				container);
		listeners.setConcurrency(concurrency);
		listeners.setBeanName(group);
		// a batch that fails (the database is down) is retried until it succeeds: its
		// offsets are never committed past records that were not handled
		listeners
			.setCommonErrorHandler(new DefaultErrorHandler(new FixedBackOff(1000, FixedBackOff.UNLIMITED_ATTEMPTS)));
		this.groups.put(group, topic);
		return listeners;
	}

	/**
	 * The consumer groups of this instance and the topic each reads.
	 */
	Map<String, String> groups() {
		return Map.copyOf(this.groups);
	}

	void close() {
		this.template.destroy();
	}

}
