package io.tidings.stream;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The streams on Kafka; spring-kafka's own settings ({@code spring.kafka.security.*},
 * {@code spring.kafka.ssl.*}, {@code spring.kafka.properties.*}, …) apply to every client
 * the service opens.
 *
 * @param bootstrapServers the brokers; set, it switches the streams to Kafka
 * @param partitions partitions of each topic the service creates (more partitions, more
 * consumers can share a topic; a bot's records stay in one)
 * @param replicationFactor replicas of each partition (3 in production, 1 for one broker)
 * @param callbackConsumers callback consumers per instance (threads of the group)
 * @param receiptConsumers receipt consumers per instance
 * @param callbackBatch most status changes one callback consumer takes at once
 * @param receiptBatch most receipts applied to PostgreSQL in one transaction
 * @param sendTimeout how long a publish waits for the brokers' acknowledgement
 * @param dispatchConsumers dispatch consumers per instance (first attempts of accepted
 * messages; 0: this instance sends none from Kafka, only from the PostgreSQL queue)
 * @param dispatchBatch most accepted messages one dispatch consumer takes at once
 * @param dispatchGrace how long an accepted message waits for the dispatch group before
 * the PostgreSQL queue sends it (what Kafka never delivered is still sent)
 */
@ConfigurationProperties("tidings.kafka")
public record StreamProperties(String bootstrapServers, @DefaultValue("16") int partitions,
		@DefaultValue("1") short replicationFactor, @DefaultValue("4") int callbackConsumers,
		@DefaultValue("2") int receiptConsumers, @DefaultValue("500") int callbackBatch,
		@DefaultValue("2000") int receiptBatch, @DefaultValue("30s") Duration sendTimeout,
		@DefaultValue("4") int dispatchConsumers, @DefaultValue("500") int dispatchBatch,
		@DefaultValue("15s") Duration dispatchGrace) {
}
