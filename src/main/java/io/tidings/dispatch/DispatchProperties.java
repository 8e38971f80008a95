package io.tidings.dispatch;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Dispatch workers and their retry policy.
 *
 * @param workers threads claiming batches
 * @param batchSize most jobs in one claim
 * @param lease how long a claimed job stays invisible to other workers
 * @param pollInterval how long an idle worker waits when no wake-up comes
 * @param retryBase backoff before the first retry (doubled each time, with jitter)
 * @param retryMax longest backoff
 * @param maxAttempts attempts before a transient failure becomes final
 * @param ttl how long a message may wait to be sent before it expires
 * @param handoff most accepted notifications waiting in memory for this instance's
 * workers, stored born claimed so that no claim is needed (0: every notification is
 * claimed from the table)
 */
@ConfigurationProperties("tidings.dispatch")
record DispatchProperties(@DefaultValue("2") int workers, @DefaultValue("500") int batchSize,
		@DefaultValue("60s") Duration lease, @DefaultValue("1s") Duration pollInterval,
		@DefaultValue("1s") Duration retryBase, @DefaultValue("10m") Duration retryMax,
		@DefaultValue("12") int maxAttempts, @DefaultValue("24h") Duration ttl, @DefaultValue("1000") int handoff) {
}
