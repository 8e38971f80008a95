package io.tidings.channel;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.tidings.common.Channel;

import org.springframework.stereotype.Service;

/**
 * Every kind of provider, and the providers built from channel settings (one per distinct
 * settings, so connections and throttles are shared by all sends of one account).
 */
@Service
public class Providers {

	private final Map<String, ProviderFactory> factories = new ConcurrentHashMap<>();

	private final Map<Key, Provider> providers = new ConcurrentHashMap<>();

	Providers(List<ProviderFactory> factories) {
		factories.forEach((factory) -> this.factories.put(factory.name(), factory));
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
	 * The provider for these settings, built on first use.
	 */
	public Provider get(String provider, Map<String, Object> settings) {
		return this.providers.computeIfAbsent(new Key(provider, settings), (key) -> {
			ProviderFactory factory = this.factories.get(provider);
			if (factory == null) {
				throw new InvalidChannelSettingsException("provider", "unknown provider " + provider);
			}
			return factory.create(settings);
		});
	}

	private record Key(String provider, Map<String, Object> settings) {
	}

}
