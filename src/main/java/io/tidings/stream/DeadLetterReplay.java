package io.tidings.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a dead-letter topic for an operator: the records dead-lettered up to now that
 * were not replayed yet (the committed offsets of the group {@value #GROUP} on
 * {@code <topic>-dlt}) are published again, key and original bytes, without the failure
 * headers, to their topic, where their consumer group handles them as new records (one
 * refused again is dead-lettered again, after the snapshot this replay stops at). The
 * offsets move only once the brokers have the republished records: a replay that fails
 * part-way publishes again what it had not committed (duplicates, which the consumers
 * absorb: statuses only move forward, callbacks keep their {@code webhook-id}, dispatch
 * claims a row once).
 */
public class DeadLetterReplay {

	/** The group whose committed offsets mark what was replayed. */
	public static final String GROUP = "tidings-dead-letters";

	private static final Logger log = LoggerFactory.getLogger(DeadLetterReplay.class);

	private static final Duration STALLED = Duration.ofSeconds(30);

	private final Streams streams;

	DeadLetterReplay(Streams streams) {
		this.streams = streams;
	}

	/**
	 * The topics whose dead letters can be replayed.
	 */
	public List<String> topics() {
		return Streams.topics();
	}

	/**
	 * Publishes the dead letters of {@code topic} not replayed yet back to it.
	 * @param topic one of {@link #topics()}
	 * @return how many were published again
	 * @throws IllegalArgumentException for another topic
	 * @throws IllegalStateException when the brokers do not take them in time (what was
	 * published and not committed is published again by the next replay)
	 */
	public synchronized long replay(String topic) {
		if (!topics().contains(topic)) {
			throw new IllegalArgumentException("no dead-letter topic for " + topic);
		}
		String dlt = Streams.deadLetters(topic);
		Map<String, Object> consumerProperties = this.streams.consumerProperties();
		consumerProperties.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
		consumerProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		consumerProperties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		consumerProperties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties,
				new ByteArrayDeserializer(), new ByteArrayDeserializer());
				KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(this.streams.producerProperties(),
						new ByteArraySerializer(), new ByteArraySerializer())) {
			List<TopicPartition> partitions = new ArrayList<>();
			for (PartitionInfo p : consumer.partitionsFor(dlt, STALLED)) {
				partitions.add(new TopicPartition(dlt, p.partition()));
			}
			// assigned, not subscribed: no rebalance, and the replay stops at the end
			// the topic has now
			consumer.assign(partitions);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, STALLED);
			Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions), STALLED);
			for (TopicPartition p : partitions) {
				OffsetAndMetadata at = committed.get(p);
				if (at != null) {
					consumer.seek(p, at.offset());
				}
				else {
					consumer.seekToBeginning(List.of(p));
				}
			}
			long replayed = 0;
			long stalledAt = System.nanoTime();
			while (partitions.stream().anyMatch((p) -> consumer.position(p, STALLED) < ends.get(p))) {
				if (System.nanoTime() - stalledAt > STALLED.toNanos()) {
					throw new IllegalStateException("the replay of " + dlt + " made no progress for " + STALLED);
				}
				List<Future<?>> sent = new ArrayList<>();
				Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
				for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
					TopicPartition p = new TopicPartition(r.topic(), r.partition());
					if (r.offset() >= ends.get(p)) {
						continue;
					}
					// keyed records go to their key's partition, as they were first
					// published; the rest to the partition they came from
					sent.add(producer.send((r.key() != null) ? new ProducerRecord<>(topic, r.key(), r.value())
							: new ProducerRecord<>(topic, r.partition(), null, r.value())));
					done.put(p, new OffsetAndMetadata(r.offset() + 1));
				}
				if (done.isEmpty()) {
					continue;
				}
				for (Future<?> f : sent) {
					f.get(this.streams.properties().sendTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
				}
				consumer.commitSync(done, STALLED);
				replayed += sent.size();
				stalledAt = System.nanoTime();
			}
			log.info("Replayed {} dead letters of {} to {}", replayed, dlt, topic);
			return replayed;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while replaying " + dlt, ex);
		}
		catch (ExecutionException | TimeoutException | KafkaException ex) {
			throw new IllegalStateException("the replay of " + dlt + " failed: " + ex.getMessage(), ex);
		}
	}

}
