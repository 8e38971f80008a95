package io.tidings.bot;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long an instance keeps what it read of the database's settings.
 *
 * @param channelSettings how long a bot's channel settings are cached: a change through
 * any instance is announced to the others at once (PostgreSQL {@code NOTIFY}), so this is
 * only the bound for a change made behind the service's back (SQL by hand)
 */
@ConfigurationProperties("tidings.cache")
record CacheProperties(@DefaultValue("5s") Duration channelSettings) {
}
