package io.tidings.channel;

import java.util.UUID;

import io.tidings.common.Channel;
import io.tidings.common.MessageContent;

/**
 * One message to hand to a provider.
 *
 * @param attempt 1 for the first try, counting retries
 */
public record Delivery(UUID notificationId, String botId, Channel channel, String destination, String sender,
		String templateName, MessageContent content, int attempt) {
}
