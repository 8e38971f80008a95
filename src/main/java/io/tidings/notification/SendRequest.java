package io.tidings.notification;

import java.util.List;
import java.util.Map;

import io.tidings.common.CallbackFormat;
import io.tidings.common.Channel;
import io.tidings.common.MessageContent;
import io.tidings.common.Origin;

/**
 * A request to send one templated notification to one recipient, as any surface hands it
 * over after checking its shape.
 *
 * @param botId the sending bot
 * @param channel the channel to send on
 * @param origin how the notification came to be
 * @param callbackFormat the callback format this surface fixes, or null for the bot's
 * @param recipient phone number (WhatsApp, SMS) or email address, as the client wrote it
 * @param cc email carbon-copy addresses
 * @param bcc email blind carbon-copy addresses
 * @param sender the sender id or number the client asked for, or null
 * @param templateName the template's name, or null to send {@code text}
 * @param params placeholder values by name or position
 * @param media header media
 * @param quickReplies quick-reply payloads in button order
 * @param urlParams URL-button parameters
 * @param campaignId the campaign it belongs to, or null
 * @param customPayload {@code config.customPayload} as JSON text, or null
 * @param postbackUrl {@code config.postbackUrl}, or null
 * @param requestJson the original request body, kept as sent
 * @param idempotencyKey the {@code Idempotency-Key} header, or null
 * @param requestHash a hash of the request body, compared when a key is reused
 * @param text the message itself when no template is named
 */
public record SendRequest(String botId, Channel channel, Origin origin, CallbackFormat callbackFormat, String recipient,
		List<String> cc, List<String> bcc, String sender, String templateName, Map<String, String> params,
		List<MessageContent.Media> media, List<String> quickReplies, Map<String, String> urlParams, String campaignId,
		String customPayload, String postbackUrl, String requestJson, String idempotencyKey, String requestHash,
		String text) {
}
