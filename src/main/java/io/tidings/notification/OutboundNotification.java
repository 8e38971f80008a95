package io.tidings.notification;

import java.time.Instant;
import java.util.UUID;

import io.tidings.common.Channel;
import io.tidings.common.MessageContent;
import io.tidings.common.Status;

/**
 * What a dispatcher needs to hand a notification to a provider.
 */
public record OutboundNotification(UUID id, String botId, Channel channel, String destination, String sender,
		String templateName, MessageContent content, Status status, Instant createdAt) {
}
