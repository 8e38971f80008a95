package io.tidings.channel;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.tidings.common.Channel;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

/**
 * Every kind of provider, and the providers built from channel settings: one per bot,
 * channel and settings, so connections and throttles are shared by all sends of one
 * account. A provider whose settings change is closed. Each provider sits behind a
 * circuit breaker: one that keeps failing transiently stops being called for a while, and
 * its messages wait in the queue without spending their attempts.
 */
@Service
public class Providers implements DisposableBean {

	private final Map<String, ProviderFactory> factories = new ConcurrentHashMap<>();

	private final Map<Account, Guarded> providers = new ConcurrentHashMap<>();

	private final ReceiptSink receipts;

	private final CircuitBreakerConfig breaker;

	private final Duration openFor;

	Providers(List<ProviderFactory> factories, ReceiptSink receipts, ProviderProperties properties) {
		factories.forEach((factory) -> this.factories.put(factory.name(), factory));
		this.receipts = receipts;
		this.openFor = properties.breakerOpenFor();
		this.breaker = CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(Math.max(properties.breakerMinimumCalls(), 50))
			.minimumNumberOfCalls(properties.breakerMinimumCalls())
			.failureRateThreshold(properties.breakerFailureRate())
			.waitDurationInOpenState(properties.breakerOpenFor())
			.permittedNumberOfCallsInHalfOpenState(5)
			.recordResult((result) -> result instanceof SendResult.Retryable)
			.build();
	}

	/**
	 * Checks that the provider exists, serves the channel, and accepts the settings.
	 * @throws InvalidChannelSettingsException naming what is wrong
	 */
	public void validate(Channel channel, String provider, Map<String, Object> settings) {
		ProviderFactory factory = this.factories.get(provider);
		if (factory == null || !factory.channels().contains(channel)) {
			throw new InvalidChannelSettingsException("provider",
					"provider must be one of " + this.factories.values()
						.stream()
						.filter((f) -> f.channels().contains(channel))
						.map(ProviderFactory::name)
						.sorted()
						.toList() + " for " + channel.wire());
		}
		factory.validate(settings);
	}

	/**
	 * Sends through the account's provider, built on first use.
	 */
	public SendResult send(String botId, Channel channel, String provider, Map<String, Object> settings,
			Delivery delivery) {
		Guarded guarded = guarded(botId, channel, provider, settings);
		try {
			return guarded.breaker().executeSupplier(() -> guarded.provider().send(delivery));
		}
		catch (CallNotPermittedException ex) {
			return new SendResult.Deferred("provider " + provider + " is failing; its circuit is open", this.openFor);
		}
	}

	/**
	 * Connects a channel's account as soon as it is configured (or at start-up): a
	 * provider that {@link ProviderFactory#listens() listens} on its own connections
	 * opens them now; the channel's account under older settings is closed.
	 */
	public void connect(String botId, Channel channel, String provider, Map<String, Object> settings) {
		ProviderFactory factory = this.factories.get(provider);
		if (factory != null && factory.listens()) {
			guarded(botId, channel, provider, settings).provider().open();
		}
		else {
			closeStale(botId, channel, null);
		}
	}

	/**
	 * The kinds of provider whose accounts must be connected before anything is sent.
	 */
	public List<String> listening() {
		return this.factories.values().stream().filter(ProviderFactory::listens).map(ProviderFactory::name).toList();
	}

	/**
	 * A channel's settings changed on another instance: an account this instance holds
	 * for the channel is connected again under the new settings (the older one closed);
	 * an instance that holds none leaves connecting to the instance that made the change
	 * and to its own first send.
	 */
	public void reconnect(String botId, Channel channel, String provider, Map<String, Object> settings) {
		boolean held;
		synchronized (this.providers) {
			held = this.providers.keySet().stream().anyMatch((a) -> a.botId().equals(botId) && a.channel() == channel);
		}
		if (held) {
			connect(botId, channel, provider, settings);
		}
	}

	private void closeStale(String botId, Channel channel, Account keep) {
		synchronized (this.providers) {
			this.providers.keySet()
				.stream()
				.filter((a) -> a.botId().equals(botId) && a.channel() == channel && !a.equals(keep))
				.toList()
				.forEach((stale) -> this.providers.remove(stale).provider().close());
		}
	}

	private Guarded guarded(String botId, Channel channel, String provider, Map<String, Object> settings) {
		Account account = new Account(botId, channel, provider, settings);
		Guarded current = this.providers.get(account);
		if (current != null) {
			return current;
		}
		synchronized (this.providers) {
			closeStale(botId, channel, account);
			return this.providers.computeIfAbsent(account, (key) -> {
				ProviderFactory factory = this.factories.get(provider);
				if (factory == null) {
					throw new InvalidChannelSettingsException("provider", "unknown provider " + provider);
				}
				return new Guarded(factory.create(botId, settings, this.receipts),
						CircuitBreaker.of(botId + "/" + channel.wire(), this.breaker));
			});
		}
	}

	@Override
	public void destroy() {
		this.providers.values().forEach((guarded) -> guarded.provider().close());
		this.providers.clear();
	}

	private record Account(String botId, Channel channel, String provider, Map<String, Object> settings) {
	}

	private record Guarded(Provider provider, CircuitBreaker breaker) {
	}

}
