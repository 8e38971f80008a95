package io.tidings.stream;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;

/**
 * The Kafka clients of the service: the topics it creates, one idempotent producer that
 * publishes with {@code acks=all} and waits for the acknowledgement, and consumer groups
 * whose offsets are committed only after their listener has handled a record (at least
 * once; a batch that fails because the store is down is retried, never skipped, and a
 * record that can never be handled goes to the dead-letter topic instead of blocking its
 * partition).
 */
public class Streams implements SmartLifecycle {

	/** Status changes to call back, relayed from the {@code status_event} outbox. */
	public static final String STATUS_EVENTS = "tidings.status-events";

	/** Provider receipts (webhooks, SMPP delivery receipts) to apply to PostgreSQL. */
	public static final String RECEIPTS = "tidings.receipts";

	/**
	 * First attempts of accepted messages, published once their accept has committed.
	 */
	public static final String DISPATCH = "tidings.dispatch";

	private final StreamProperties properties;

	private final KafkaProperties kafka;

	private final MeterRegistry meters;

	private final DefaultKafkaProducerFactory<String, String> producers;

	private final KafkaTemplate<String, String> template;

	private final JsonMapper json;

	private final DeadLetters deadLetters;

	private final Map<String, Object> producerProperties;

	private final Map<String, String> groups = new ConcurrentHashMap<>();

	private final DataSource store;

	private final List<ConcurrentMessageListenerContainer<String, ?>> consumers = new CopyOnWriteArrayList<>();

	private volatile boolean running;

	Streams(StreamProperties properties, KafkaProperties kafka, MeterRegistry meters, JsonMapper json,
			DataSource store) {
		this.properties = properties;
		this.store = store;
		this.kafka = kafka;
		this.meters = meters;
		this.json = json;
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
		this.producerProperties = Map.copyOf(producer);
		this.producers = new DefaultKafkaProducerFactory<>(producer);
		this.producers.addListener(new MicrometerProducerListener<>(meters));
		this.template = new KafkaTemplate<>(this.producers);
		this.deadLetters = new DeadLetters(producer, json, meters);
	}

	/**
	 * Creates the topics, or adds partitions to them, with the configured partition count
	 * and replication factor; fails when no broker answers.
	 */
	void createTopics() {
		Map<String, Object> admin = adminProperties();
		KafkaAdmin client = new KafkaAdmin(admin);
		client.setFatalIfBrokerNotAvailable(true);
		client.createOrModifyTopics(topic(STATUS_EVENTS), topic(RECEIPTS), topic(DISPATCH),
				topic(deadLetters(STATUS_EVENTS)), topic(deadLetters(RECEIPTS)), topic(deadLetters(DISPATCH)));
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

	/**
	 * The settings of the service's producer (idempotent, {@code acks=all}), without
	 * serializers.
	 */
	Map<String, Object> producerProperties() {
		Map<String, Object> producer = new HashMap<>(this.producerProperties);
		producer.remove(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG);
		producer.remove(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
		return producer;
	}

	/**
	 * The settings of a consumer of the brokers, without group or deserializers.
	 */
	Map<String, Object> consumerProperties() {
		Map<String, Object> consumer = new HashMap<>(this.kafka.buildConsumerProperties());
		consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.properties.bootstrapServers());
		return consumer;
	}

	/**
	 * The topics the service consumes (each has a dead-letter topic).
	 */
	static List<String> topics() {
		return List.of(STATUS_EVENTS, RECEIPTS, DISPATCH);
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
	 * A consumer group on one topic; the handler gets batches of values in partition
	 * order and the group's offsets move only past what it handled. A failure of the
	 * store is retried until it succeeds; a record that does not deserialize into
	 * {@code type}, or that the handler refuses while the store answers, is retried a few
	 * times, then published to the topic's dead-letter topic ({@link #deadLetters}),
	 * counted and logged (without its content), and the partition moves on. It starts and
	 * stops with the application (before the services it calls stop).
	 * @param concurrency consumers in this instance
	 * @param maxBatch most records in one batch
	 */
	public <T> void consumer(String topic, String group, int concurrency, int maxBatch, Class<T> type,
			Consumer<List<T>> handler) {
		Map<String, Object> consumer = new HashMap<>(this.kafka.buildConsumerProperties());
		consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.properties.bootstrapServers());
		consumer.put(ConsumerConfig.GROUP_ID_CONFIG, group);
		// a group's first consumer starts from the oldest record: nothing published
		// before it joined is skipped
		consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		consumer.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxBatch);
		consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		// a value that does not deserialize reaches the listener as null, its bytes and
		// the failure in a header, instead of failing every poll of its partition
		DefaultKafkaConsumerFactory<String, T> factory = new DefaultKafkaConsumerFactory<>(consumer,
				new StringDeserializer(),
				new ErrorHandlingDeserializer<>(new JacksonJsonDeserializer<>(type, this.json, false)));
		factory.addListener(new MicrometerConsumerListener<>(this.meters));
		ContainerProperties container = new ContainerProperties(topic);
		container.setGroupId(group);
		container.setAckMode(ContainerProperties.AckMode.BATCH);
		container.setMessageListener(new BatchListener<>(group, handler, this::storeAnswers, this.meters));
		ConcurrentMessageListenerContainer<String, T> listeners = new ConcurrentMessageListenerContainer<>(factory,
				container);
		listeners.setConcurrency(concurrency);
		listeners.setBeanName(group);
		listeners.setCommonErrorHandler(this.deadLetters.errorHandler(group));
		this.deadLetters.register(topic, group);
		this.groups.put(group, topic);
		this.consumers.add(listeners);
		if (this.running) {
			listeners.start();
		}
	}

	/**
	 * Whether PostgreSQL answers now: a failure it does not explain is the store's when
	 * it does not.
	 */
	private boolean storeAnswers() {
		try (Connection connection = this.store.getConnection()) {
			return connection.isValid(2);
		}
		catch (SQLException | RuntimeException ex) {
			return false;
		}
	}

	@Override
	public void start() {
		this.running = true;
		this.consumers.forEach(ConcurrentMessageListenerContainer::start);
	}

	@Override
	public void stop() {
		this.running = false;
		this.consumers.forEach(ConcurrentMessageListenerContainer::stop);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// the consumers stop before the services they call (the callback sender, which
		// records what is left) and the database
		return SmartLifecycle.DEFAULT_PHASE - 2048;
	}

	/**
	 * The dead-letter topic of a topic: spring-kafka's default name, created with the
	 * same partitions.
	 */
	public static String deadLetters(String topic) {
		return topic + DeadLetters.SUFFIX;
	}

	/**
	 * The consumer groups of this instance and the topic each reads.
	 */
	Map<String, String> groups() {
		return Map.copyOf(this.groups);
	}

	void close() {
		// the template does not close the producer of a factory it was given
		this.template.destroy();
		this.producers.destroy();
		this.deadLetters.close();
	}

}
