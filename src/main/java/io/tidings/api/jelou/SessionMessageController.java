package io.tidings.api.jelou;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tidings.api.Access;
import io.tidings.api.ApiException;
import io.tidings.api.JsonBody;
import io.tidings.api.RateLimits;
import io.tidings.api.SendErrors;
import io.tidings.bot.Bot;
import io.tidings.bot.Caller;
import io.tidings.common.MessageContent;
import io.tidings.notification.AcceptResult;
import io.tidings.notification.NotificationAcceptor;
import io.tidings.notification.NotificationQueries;
import io.tidings.notification.SendRejectedException;
import io.tidings.notification.SessionRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/whatsapp/messages} (seed 002): a free-form message to a user who wrote
 * to the bot in the last 24 hours.
 */
@RestController
@Tag(name = "WhatsApp session messages")
class SessionMessageController {

	private static final SendErrors ERRORS = new SendErrors("userId", "type", "text");

	private final NotificationAcceptor acceptor;

	private final NotificationQueries queries;

	private final Access access;

	private final RateLimits rateLimits;

	private final JsonMapper json;

	SessionMessageController(NotificationAcceptor acceptor, NotificationQueries queries, Access access,
			RateLimits rateLimits, JsonMapper json) {
		this.acceptor = acceptor;
		this.queries = queries;
		this.access = access;
		this.rateLimits = rateLimits;
		this.json = json;
	}

	@Operation(summary = "Send a text, image, file or location message inside the user's 24-hour window")
	@PostMapping(path = "/v1/whatsapp/messages", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> send(Caller caller, @RequestBody byte[] body) {
		JsonNode root = JsonBody.object(this.json, body);
		String botId = JsonBody.requiredText(root, "botId", "botId");
		String userId = JsonBody.requiredText(root, "userId", "userId");
		Bot bot = this.access.bot(caller, botId);
		HttpHeaders headers = this.rateLimits.acquire(bot, 1);
		String type = JsonBody.optionalText(root, "type", "type");
		MessageContent content = content((type != null) ? type : "text", root);
		AcceptResult result;
		try {
			result = this.acceptor
				.acceptSession(new SessionRequest(bot.id(), userId, content, new String(body, StandardCharsets.UTF_8)));
		}
		catch (SendRejectedException ex) {
			throw ERRORS.toApi(ex);
		}
		var stored = this.queries.find(bot.id(), result.id()).orElseThrow();
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("messageId", result.id().toString());
		answer.put("bubble", bubble(content));
		answer.put("botId", bot.id());
		answer.put("userId", stored.destination());
		answer.put("received", stored.createdAt().toEpochMilli());
		// the status it was accepted with: a fast dispatcher may already have moved it on
		answer.put("status", io.tidings.common.Status.CREATED.name());
		return ResponseEntity.ok().headers(headers).body(answer);
	}

	private static MessageContent content(String type, JsonNode root) {
		return switch (type) {
			case "text" -> {
				String text = JsonBody.requiredText(root, "text", "text");
				if (text.length() > 4096) {
					throw ApiException.badRequest("text must be at most 4096 characters");
				}
				yield message("text", text, null, null, null);
			}
			case "image", "file" -> {
				String url = JsonBody.requiredText(root, "mediaUrl", "mediaUrl");
				if (!url.matches("https?://\\S+")) {
					throw ApiException.badRequest("mediaUrl must be an http(s) URL");
				}
				String caption = JsonBody.optionalText(root, "caption", "caption");
				String filename = JsonBody.optionalText(root, "filename", "filename");
				yield message(type, caption, new MessageContent.Media(url, caption, filename), null, null);
			}
			case "location" -> {
				double lat = coordinate(root, "lat", 90);
				double lng = coordinate(root, "lng", 180);
				yield message("location", null, null, new MessageContent.Location(lat, lng,
						JsonBody.optionalText(root, "name", "name"), JsonBody.optionalText(root, "address", "address")),
						null);
			}
			default -> throw ApiException.badRequest("type must be one of text, image, file, location");
		};
	}

	private static MessageContent message(String kind, String text, MessageContent.Media media,
			MessageContent.Location location, String language) {
		return new MessageContent(kind, language, null, null, text, null, null, (media != null) ? List.of(media) : null,
				null, null, null, null, location);
	}

	private static double coordinate(JsonNode root, String name, double bound) {
		JsonNode node = root.get(name);
		if (node == null || node.isNull()) {
			throw ApiException.missing(name);
		}
		double value;
		if (node.isNumber()) {
			value = node.doubleValue();
		}
		else if (node.isString()) {
			try {
				value = Double.parseDouble(node.asString());
			}
			catch (NumberFormatException ex) {
				throw ApiException.badRequest(name + " must be a number");
			}
		}
		else {
			throw ApiException.badRequest(name + " must be a number");
		}
		if (Math.abs(value) > bound || Double.isNaN(value)) {
			throw ApiException.badRequest(name + " must be between -" + (int) bound + " and " + (int) bound);
		}
		return value;
	}

	private static Map<String, Object> bubble(MessageContent content) {
		Map<String, Object> bubble = new LinkedHashMap<>();
		bubble.put("type", content.kind());
		switch (content.kind()) {
			case "text" -> bubble.put("text", content.text());
			case "image", "file" -> {
				MessageContent.Media media = content.media().get(0);
				bubble.put("mediaUrl", media.link());
				if (media.title() != null) {
					bubble.put("caption", media.title());
				}
				if (media.filename() != null) {
					bubble.put("filename", media.filename());
				}
			}
			case "location" -> {
				bubble.put("lat", content.location().lat());
				bubble.put("lng", content.location().lng());
				bubble.put("name", content.location().name());
				bubble.put("address", content.location().address());
			}
			default -> {
			}
		}
		return bubble;
	}

}
