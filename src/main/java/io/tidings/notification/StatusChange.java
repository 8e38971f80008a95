package io.tidings.notification;

import java.time.Instant;
import java.util.UUID;

import io.tidings.common.CallbackFormat;
import io.tidings.common.Channel;
import io.tidings.common.Origin;
import io.tidings.common.Status;

/**
 * A notification whose status changed, with what a status callback needs to describe it.
 *
 * @param customPayload the client's {@code config.customPayload} as JSON text, or null
 * @param postbackUrl the client's {@code config.postbackUrl}, or null for the bot's
 */
public record StatusChange(UUID notificationId, String botId, Channel channel, Origin origin,
		CallbackFormat callbackFormat, Status status, Instant occurredAt, Integer errorCode, String errorMessage,
		String reply, String destination, String templateName, String campaignId, String customPayload,
		String postbackUrl) {
}
