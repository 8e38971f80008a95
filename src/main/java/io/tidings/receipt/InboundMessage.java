package io.tidings.receipt;

import java.time.Instant;

import io.tidings.common.Channel;

/**
 * A message a user sent to a bot.
 *
 * @param userId the user's number, normalised
 * @param providerMessageId the provider's id of this message, or null
 * @param contextId the provider's id of the message it answers, or null
 */
public record InboundMessage(String botId, String userId, Channel channel, String text, String providerMessageId,
		String contextId, Instant receivedAt) {
}
