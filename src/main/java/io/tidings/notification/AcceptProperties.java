package io.tidings.notification;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Group commit of accepted sends.
 *
 * @param writers threads committing batches concurrently
 * @param maxBatch most notifications in one transaction
 * @param queueCapacity accepted sends waiting for a writer before new ones are refused
 * (503)
 * @param timeout how long a request waits for a writer to take its send; then it is
 * withdrawn (503), or, once taken, answered with its batch's outcome
 */
@ConfigurationProperties("tidings.accept")
record AcceptProperties(@DefaultValue("2") int writers, @DefaultValue("1000") int maxBatch,
		@DefaultValue("50000") int queueCapacity, @DefaultValue("2s") Duration timeout) {
}
