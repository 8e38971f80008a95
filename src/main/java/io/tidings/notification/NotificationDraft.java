package io.tidings.notification;

import java.time.Instant;
import java.util.UUID;

import io.tidings.common.CallbackFormat;
import io.tidings.common.Channel;
import io.tidings.common.Origin;

/**
 * A validated, rendered notification waiting to be stored.
 */
record NotificationDraft(UUID id, String botId, Channel channel, Origin origin, CallbackFormat callbackFormat,
		String campaignId, String templateName, String destination, String sender, String contentJson,
		String requestJson, String customPayload, String postbackUrl, Instant createdAt, String idempotencyKey,
		String requestHash) {
}
