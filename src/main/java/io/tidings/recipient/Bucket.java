package io.tidings.recipient;

import java.time.Instant;

/**
 * A bot's list of recipients.
 *
 * @param description what the list is for (Squad's buckets carry one), or null
 */
public record Bucket(long id, String botId, String name, long contactCount, Instant createdAt, String description) {

	public Bucket(long id, String botId, String name, long contactCount, Instant createdAt) {
		this(id, botId, name, contactCount, createdAt, null);
	}

}
