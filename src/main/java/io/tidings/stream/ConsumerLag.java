package io.tidings.stream;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;

/**
 * How far each consumer group of this instance is behind its topic: the records published
 * but not yet committed by the group, summed over the topic's partitions, as the gauge
 * {@code tidings_kafka_consumer_lag{topic,group}} and on the console's overview. Measured
 * from the brokers (committed offsets against log-end offsets), so it counts what no
 * consumer of the group has taken yet, whichever instance it is on. Each dead-letter
 * topic has its lag too, for the group {@value DeadLetterReplay#GROUP}: the dead letters
 * no operator has replayed yet ({@link DeadLetterReplay}).
 */
public class ConsumerLag {

	private static final Logger log = LoggerFactory.getLogger(ConsumerLag.class);

	private final Streams streams;

	private final MeterRegistry meters;

	private final Map<String, AtomicLong> lags = new ConcurrentHashMap<>();

	private final Map<String, AtomicLong> deadLetters = new ConcurrentHashMap<>();

	private volatile Admin admin;

	ConsumerLag(Streams streams, MeterRegistry meters) {
		this.streams = streams;
		this.meters = meters;
	}

	/**
	 * One group's lag on one topic.
	 */
	public record Lag(String topic, String group, long records) {
	}

	/**
	 * The latest measured lag of each group of this instance, by topic.
	 */
	public List<Lag> lags() {
		List<Lag> all = new ArrayList<>();
		this.lags.forEach((key, value) -> {
			String[] parts = key.split(" ", 2);
			all.add(new Lag(parts[0], parts[1], value.get()));
		});
		all.sort(Comparator.comparing(Lag::topic));
		return all;
	}

	@Scheduled(fixedDelayString = "${tidings.kafka.lag-interval:5s}", initialDelayString = "1s")
	void measure() {
		try {
			Admin client = admin();
			for (Map.Entry<String, String> e : this.streams.groups().entrySet()) {
				String group = e.getKey();
				String topic = e.getValue();
				gauge(this.lags, topic, group).set(lag(client, group, topic));
			}
			// whichever instance's group dead-lettered them
			for (String topic : Streams.topics()) {
				String dlt = Streams.deadLetters(topic);
				gauge(this.deadLetters, dlt, DeadLetterReplay.GROUP).set(lag(client, DeadLetterReplay.GROUP, dlt));
			}
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			log.debug("Could not measure the consumer lag: {}", ex.toString());
		}
	}

	private AtomicLong gauge(Map<String, AtomicLong> gauges, String topic, String group) {
		return gauges.computeIfAbsent(topic + " " + group, (key) -> {
			AtomicLong value = new AtomicLong();
			Gauge.builder("tidings.kafka.consumer.lag", value, AtomicLong::get)
				.description("Records in the topic that the consumer group has not committed yet")
				.baseUnit("records")
				.tag("topic", topic)
				.tag("group", group)
				.register(this.meters);
			return value;
		});
	}

	/**
	 * The latest measured number of records in each dead-letter topic that were not
	 * replayed yet.
	 */
	public Map<String, Long> deadLetters() {
		Map<String, Long> waiting = new TreeMap<>();
		this.deadLetters.forEach((key, value) -> waiting.put(key.split(" ", 2)[0], value.get()));
		return waiting;
	}

	/**
	 * The dead letters of one topic that were not replayed yet.
	 */
	public record Waiting(String topic, String deadLetterTopic, long records) {
	}

	/**
	 * The latest measured dead letters waiting for a replay, by the topic they came from.
	 */
	public List<Waiting> waitingDeadLetters() {
		List<Waiting> waiting = new ArrayList<>();
		for (String topic : Streams.topics()) {
			String dlt = Streams.deadLetters(topic);
			AtomicLong value = this.deadLetters.get(dlt + " " + DeadLetterReplay.GROUP);
			if (value != null) {
				waiting.add(new Waiting(topic, dlt, value.get()));
			}
		}
		return waiting;
	}

	private static long lag(Admin client, String group, String topic) throws Exception {
		TopicDescription description = client.describeTopics(List.of(topic))
			.allTopicNames()
			.get(10, TimeUnit.SECONDS)
			.get(topic);
		Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
		Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
		description.partitions().forEach((p) -> {
			latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
			earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
		});
		Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = client.listOffsets(latest)
			.all()
			.get(10, TimeUnit.SECONDS);
		Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts = client.listOffsets(earliest)
			.all()
			.get(10, TimeUnit.SECONDS);
		Map<TopicPartition, OffsetAndMetadata> committed = client.listConsumerGroupOffsets(group)
			.partitionsToOffsetAndMetadata()
			.get(10, TimeUnit.SECONDS);
		long lag = 0;
		for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : ends.entrySet()) {
			OffsetAndMetadata at = committed.get(end.getKey());
			long from = (at != null) ? at.offset() : starts.get(end.getKey()).offset();
			lag += Math.max(0, end.getValue().offset() - from);
		}
		return lag;
	}

	private Admin admin() {
		Admin client = this.admin;
		if (client == null) {
			synchronized (this) {
				if (this.admin == null) {
					this.admin = Admin.create(this.streams.adminProperties());
				}
				client = this.admin;
			}
		}
		return client;
	}

	void close() {
		Admin client = this.admin;
		if (client != null) {
			client.close(java.time.Duration.ofSeconds(2));
		}
	}

}
