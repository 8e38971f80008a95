package io.tidings.notification;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tidings.common.CallbackFormat;
import io.tidings.common.Channel;
import io.tidings.common.MessageContent;
import io.tidings.common.Origin;

/**
 * A request to send one templated notification to one recipient, as any surface hands it
 * over after checking its shape. Surfaces build it with {@link #to}.
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
 * @param language the template's language variant, or null for the default one
 * @param scheduledAt when to send it, or null for now
 * @param batchId the id of the send it was part of (Messages surface), or null
 */
public record SendRequest(String botId, Channel channel, Origin origin, CallbackFormat callbackFormat, String recipient,
		List<String> cc, List<String> bcc, String sender, String templateName, Map<String, String> params,
		List<MessageContent.Media> media, List<String> quickReplies, Map<String, String> urlParams, String campaignId,
		String customPayload, String postbackUrl, String requestJson, String idempotencyKey, String requestHash,
		String text, String language, Instant scheduledAt, String batchId) {

	/**
	 * The request without a language, schedule or batch (sent now, default variant).
	 */
	public SendRequest(String botId, Channel channel, Origin origin, CallbackFormat callbackFormat, String recipient,
			List<String> cc, List<String> bcc, String sender, String templateName, Map<String, String> params,
			List<MessageContent.Media> media, List<String> quickReplies, Map<String, String> urlParams,
			String campaignId, String customPayload, String postbackUrl, String requestJson, String idempotencyKey,
			String requestHash, String text) {
		this(botId, channel, origin, callbackFormat, recipient, cc, bcc, sender, templateName, params, media,
				quickReplies, urlParams, campaignId, customPayload, postbackUrl, requestJson, idempotencyKey,
				requestHash, text, null, null, null);
	}

	/**
	 * Starts a request to one recipient; everything else is optional.
	 */
	public static Builder to(String botId, Channel channel, Origin origin, String recipient) {
		return new Builder(botId, channel, origin, recipient);
	}

	/**
	 * Builds a {@link SendRequest} field by field.
	 */
	public static final class Builder {

		private final String botId;

		private final Channel channel;

		private final Origin origin;

		private final String recipient;

		private CallbackFormat callbackFormat;

		private List<String> cc;

		private List<String> bcc;

		private String sender;

		private String templateName;

		private Map<String, String> params = Map.of();

		private List<MessageContent.Media> media;

		private List<String> quickReplies;

		private Map<String, String> urlParams;

		private String campaignId;

		private String customPayload;

		private String postbackUrl;

		private String requestJson;

		private String idempotencyKey;

		private String requestHash;

		private String text;

		private String language;

		private Instant scheduledAt;

		private String batchId;

		private Builder(String botId, Channel channel, Origin origin, String recipient) {
			this.botId = botId;
			this.channel = channel;
			this.origin = origin;
			this.recipient = recipient;
		}

		public Builder callbackFormat(CallbackFormat callbackFormat) {
			this.callbackFormat = callbackFormat;
			return this;
		}

		public Builder copies(List<String> cc, List<String> bcc) {
			this.cc = cc;
			this.bcc = bcc;
			return this;
		}

		public Builder sender(String sender) {
			this.sender = sender;
			return this;
		}

		/**
		 * A template by name, its language variant (null for the default) and its params.
		 */
		public Builder template(String name, String language, Map<String, String> params) {
			this.templateName = name;
			this.language = language;
			this.params = (params != null) ? params : Map.of();
			return this;
		}

		public Builder text(String text) {
			this.text = text;
			return this;
		}

		public Builder buttons(List<MessageContent.Media> media, List<String> quickReplies,
				Map<String, String> urlParams) {
			this.media = media;
			this.quickReplies = quickReplies;
			this.urlParams = urlParams;
			return this;
		}

		public Builder campaign(String campaignId) {
			this.campaignId = campaignId;
			return this;
		}

		public Builder postback(String customPayload, String postbackUrl) {
			this.customPayload = customPayload;
			this.postbackUrl = postbackUrl;
			return this;
		}

		/**
		 * The body as the client sent it, and its idempotency key and hash.
		 */
		public Builder request(String requestJson, String idempotencyKey, String requestHash) {
			this.requestJson = requestJson;
			this.idempotencyKey = idempotencyKey;
			this.requestHash = requestHash;
			return this;
		}

		public Builder scheduledAt(Instant scheduledAt) {
			this.scheduledAt = scheduledAt;
			return this;
		}

		public Builder batch(String batchId) {
			this.batchId = batchId;
			return this;
		}

		public SendRequest build() {
			return new SendRequest(this.botId, this.channel, this.origin, this.callbackFormat, this.recipient, this.cc,
					this.bcc, this.sender, this.templateName, this.params, this.media, this.quickReplies,
					this.urlParams, this.campaignId, this.customPayload, this.postbackUrl, this.requestJson,
					this.idempotencyKey, this.requestHash, this.text, this.language, this.scheduledAt, this.batchId);
		}

	}

}
