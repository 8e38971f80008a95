package io.tidings.bot;

import java.time.Instant;
import java.util.UUID;

/**
 * A bot API key as listed: never the key itself, only its prefix.
 */
public record ApiKey(UUID id, String botId, String name, String prefix, Instant createdAt, Instant revokedAt) {
}
