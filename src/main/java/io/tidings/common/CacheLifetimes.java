package io.tidings.common;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long an instance keeps what it read of the database's settings. Every change made
 * through any instance is announced to all of them at once ({@link CacheChanges}), so
 * these lifetimes only bound a change made behind the service's back (SQL by hand) or
 * missed while an instance could not hear announcements.
 *
 * @param channelSettings a bot's channel settings
 * ({@code TIDINGS_CACHE_CHANNEL_SETTINGS})
 * @param apiKeys which bot an API key belongs to, and which keys are unknown
 * ({@code TIDINGS_CACHE_API_KEYS})
 * @param lifetime everything else: bots' settings, messaging settings, webhook
 * subscriptions, templates, whether a bot has suppressions
 * ({@code TIDINGS_CACHE_LIFETIME})
 */
@ConfigurationProperties("tidings.cache")
public record CacheLifetimes(@DefaultValue("5s") Duration channelSettings, @DefaultValue("30s") Duration apiKeys,
		@DefaultValue("5s") Duration lifetime) {
}
