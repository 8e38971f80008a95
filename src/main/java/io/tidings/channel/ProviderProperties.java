package io.tidings.channel;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The circuit breaker around every provider account.
 *
 * @param breakerMinimumCalls calls seen before the failure rate counts
 * @param breakerFailureRate percentage of transient failures that opens the circuit
 * @param breakerOpenFor how long an open circuit keeps messages waiting before trying
 * again
 */
@ConfigurationProperties("tidings.providers")
public record ProviderProperties(@DefaultValue("20") int breakerMinimumCalls,
		@DefaultValue("80") float breakerFailureRate, @DefaultValue("10s") Duration breakerOpenFor) {
}
