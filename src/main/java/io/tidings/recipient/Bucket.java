package io.tidings.recipient;

import java.time.Instant;

/**
 * A bot's list of recipients.
 */
public record Bucket(long id, String botId, String name, long contactCount, Instant createdAt) {
}
