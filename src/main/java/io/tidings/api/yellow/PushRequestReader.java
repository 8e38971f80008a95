package io.tidings.api.yellow;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tidings.api.ApiException;
import io.tidings.api.JsonBody;
import io.tidings.common.CallbackFormat;
import io.tidings.common.Channel;
import io.tidings.common.MessageContent;
import io.tidings.common.Origin;
import io.tidings.common.Sha256;
import io.tidings.notification.SendRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a push body (seed 001) into a {@link SendRequest}, naming the field of any
 * mistake.
 */
final class PushRequestReader {

	private static final int MAX_COPIES = 50;

	private static final int MAX_PARAMS = 100;

	private static final int MAX_PARAM_LENGTH = 4096;

	private static final int MAX_CUSTOM_PAYLOAD = 8 * 1024;

	private PushRequestReader() {
	}

	static SendRequest read(JsonMapper json, String botId, byte[] body, String idempotencyKey, Instant now) {
		JsonNode root = JsonBody.object(json, body);
		JsonNode user = JsonBody.requiredObject(root, "userDetails", "userDetails");
		JsonNode notification = JsonBody.requiredObject(root, "notification", "notification");
		String type = JsonBody.optionalText(notification, "type", "notification.type");
		Channel channel = (type == null) ? Channel.WHATSAPP : Channel.fromWire(type);
		if (channel == null) {
			throw ApiException.badRequest("notification.type must be one of whatsapp, sms, email");
		}
		String recipient = (channel == Channel.EMAIL) ? JsonBody.requiredText(user, "email", "userDetails.email")
				: JsonBody.requiredText(user, "number", "userDetails.number");
		List<String> cc = (channel == Channel.EMAIL) ? JsonBody.stringOrArray(user, "cc", "userDetails.cc") : null;
		List<String> bcc = (channel == Channel.EMAIL) ? JsonBody.stringOrArray(user, "bcc", "userDetails.bcc") : null;
		if ((cc != null ? cc.size() : 0) + (bcc != null ? bcc.size() : 0) > MAX_COPIES) {
			throw ApiException
				.badRequest("userDetails.cc and userDetails.bcc hold at most " + MAX_COPIES + " addresses together");
		}
		String templateName = JsonBody.requiredText(notification, "templateId", "notification.templateId");
		String sender = JsonBody.optionalText(notification, "sender", "notification.sender");
		String language = JsonBody.optionalText(notification, "language", "notification.language");
		// Meta's on-premises API needed the template namespace; it stays in the stored
		// request
		JsonBody.optionalText(notification, "namespace", "notification.namespace");
		Map<String, String> params = new LinkedHashMap<>();
		List<MessageContent.Media> media = new ArrayList<>();
		List<String> quickReplies = new ArrayList<>();
		Map<String, String> urlParams = new LinkedHashMap<>();
		JsonNode paramsNode = JsonBody.optionalObject(notification, "params", "notification.params");
		if (paramsNode != null) {
			if (paramsNode.size() > MAX_PARAMS) {
				throw ApiException.badRequest("notification.params holds at most " + MAX_PARAMS + " values");
			}
			for (Map.Entry<String, JsonNode> field : paramsNode.properties()) {
				String path = "notification.params." + field.getKey();
				if (field.getValue().isString() && field.getValue().asString().length() > MAX_PARAM_LENGTH) {
					throw ApiException.badRequest(path + " is longer than " + MAX_PARAM_LENGTH + " characters");
				}
				switch (field.getKey()) {
					case "media" -> media(field.getValue(), path, media, quickReplies);
					case "quickReplies" -> quickReplies(field.getValue(), path, quickReplies, urlParams);
					default -> params.put(field.getKey(), scalar(field.getValue(), path));
				}
			}
		}
		if (root.get("media") != null && !root.get("media").isNull()) {
			media(root.get("media"), "media", media, quickReplies);
		}
		JsonNode config = JsonBody.optionalObject(root, "config", "config");
		String customPayload = null;
		String postbackUrl = null;
		if (config != null) {
			JsonNode custom = JsonBody.optionalObject(config, "customPayload", "config.customPayload");
			customPayload = (custom != null) ? json.writeValueAsString(custom) : null;
			if (customPayload != null && customPayload.getBytes(StandardCharsets.UTF_8).length > MAX_CUSTOM_PAYLOAD) {
				throw ApiException.badRequest("config.customPayload is larger than 8 KiB");
			}
			postbackUrl = JsonBody.optionalText(config, "postbackUrl", "config.postbackUrl");
			if (postbackUrl != null && postbackUrl.isBlank()) {
				postbackUrl = null;
			}
			if (postbackUrl != null && !postbackUrl.matches("https?://\\S+")) {
				throw ApiException.badRequest("config.postbackUrl must be an http(s) URL");
			}
		}
		Instant scheduledAt = ScheduleAt.read(config, now);
		String key = blankToNull(idempotencyKey);
		// config.checkOptIn is accepted and ignored: suppressed recipients are always
		// refused
		return SendRequest.to(botId, channel, Origin.API, recipient)
			.callbackFormat(CallbackFormat.YELLOW)
			.copies(cc, bcc)
			.sender(sender)
			.template(templateName, blankToNull(language), params)
			.buttons(media.isEmpty() ? null : media, quickReplies.isEmpty() ? null : quickReplies,
					urlParams.isEmpty() ? null : urlParams)
			.postback(customPayload, postbackUrl)
			// the body's hash is compared only when an Idempotency-Key is reused
			.request(new String(body, StandardCharsets.UTF_8), key, (key != null) ? Sha256.hex(body) : null)
			.scheduledAt(scheduledAt)
			.build();
	}

	private static String scalar(JsonNode value, String path) {
		if (value.isString() || value.isNumber() || value.isBoolean()) {
			return value.asString();
		}
		if (value.isNull()) {
			return null;
		}
		throw ApiException.badRequest(path + " must be a string or a number");
	}

	private static void media(JsonNode node, String path, List<MessageContent.Media> media, List<String> quickReplies) {
		if (node.isObject()) {
			media.add(mediaItem(node, path, quickReplies));
		}
		else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				if (!node.get(i).isObject()) {
					throw ApiException.badRequest(path + "[" + i + "] must be an object");
				}
				media.add(mediaItem(node.get(i), path + "[" + i + "]", quickReplies));
			}
		}
		else {
			throw ApiException.badRequest(path + " must be an object or an array of objects");
		}
	}

	private static MessageContent.Media mediaItem(JsonNode node, String path, List<String> quickReplies) {
		String link = JsonBody.requiredText(node, "mediaLink", path + ".mediaLink");
		if (!link.matches("https?://\\S+")) {
			throw ApiException.badRequest(path + ".mediaLink must be an http(s) URL");
		}
		JsonNode replies = node.get("quickReplies");
		if (replies != null && !replies.isNull()) {
			quickReplyList(replies, path + ".quickReplies", quickReplies);
		}
		return new MessageContent.Media(link, JsonBody.optionalText(node, "title", path + ".title"),
				JsonBody.optionalText(node, "filename", path + ".filename"));
	}

	private static void quickReplies(JsonNode node, String path, List<String> quickReplies,
			Map<String, String> urlParams) {
		if (node.isArray()) {
			quickReplyList(node, path, quickReplies);
			return;
		}
		if (!node.isObject()) {
			throw ApiException.badRequest(path + " must be an object or an array");
		}
		for (Map.Entry<String, JsonNode> entry : node.properties()) {
			String entryPath = path + "." + entry.getKey();
			if (!entry.getValue().isObject()) {
				throw ApiException.badRequest(entryPath + " must be an object");
			}
			for (Map.Entry<String, JsonNode> param : entry.getValue().properties()) {
				urlParams.put(param.getKey(), scalar(param.getValue(), entryPath + "." + param.getKey()));
			}
		}
	}

	private static void quickReplyList(JsonNode node, String path, List<String> quickReplies) {
		if (!node.isArray()) {
			throw ApiException.badRequest(path + " must be an array");
		}
		for (int i = 0; i < node.size(); i++) {
			JsonNode reply = node.get(i);
			if (!reply.isObject()) {
				throw ApiException.badRequest(path + "[" + i + "] must be an object");
			}
			quickReplies.add(JsonBody.requiredText(reply, "value", path + "[" + i + "].value"));
		}
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
