package io.tidings.suppression;

import java.time.Instant;

import io.tidings.common.Channel;

/**
 * A recipient who must not be messaged on a channel of a bot.
 *
 * @param reason how they got here: {@code api}, {@code console}, {@code stop-word},
 * {@code unsubscribe-link}
 */
public record Suppression(String botId, Channel channel, String recipient, String reason, Instant createdAt) {
}
