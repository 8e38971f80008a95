package io.tidings.api.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.tidings.api.Access;
import io.tidings.api.ApiException;
import io.tidings.api.JsonBody;
import io.tidings.api.Times;
import io.tidings.bot.Bot;
import io.tidings.bot.BotMessaging;
import io.tidings.bot.BotSettings;
import io.tidings.bot.Bots;
import io.tidings.bot.Caller;
import io.tidings.bot.MessagingSettings;
import io.tidings.callback.WebhookTargets;
import io.tidings.common.CallbackFormat;
import io.tidings.suppression.StopWords;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Bots and their settings (API.md §1, §7). Creating and changing bots needs the admin
 * key; a bot key may read its own bot, without the webhook secret.
 */
@RestController
@Tag(name = "Bots")
class BotController {

	private final Bots bots;

	private final Access access;

	private final JsonMapper json;

	private final WebhookTargets webhookTargets;

	private final BotMessaging messaging;

	BotController(Bots bots, Access access, JsonMapper json, WebhookTargets webhookTargets, BotMessaging messaging) {
		this.webhookTargets = webhookTargets;
		this.messaging = messaging;
		this.bots = bots;
		this.access = access;
		this.json = json;
	}

	@PostMapping(path = "/v1/bots", consumes = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> create(Caller caller, @RequestBody byte[] body) {
		this.access.admin(caller);
		JsonNode root = JsonBody.object(this.json, body);
		String botId = JsonBody.optionalText(root, "botId", "botId");
		Messaging messaging = messaging(root);
		Bot bot = this.bots.create(botId, settings(root));
		messaging.apply(this.messaging, bot.id());
		return withMessaging(view(bot, true), bot.id());
	}

	@GetMapping("/v1/bots")
	List<Map<String, Object>> list(Caller caller) {
		if (caller instanceof Caller.BotKey key) {
			return List.of(withMessaging(view(this.access.bot(caller, key.botId()), false), key.botId()));
		}
		return this.bots.list().stream().map((bot) -> withMessaging(view(bot, true), bot.id())).toList();
	}

	@GetMapping("/v1/bots/{botId}")
	Map<String, Object> get(Caller caller, @PathVariable String botId) {
		return withMessaging(view(this.access.bot(caller, botId), caller.isAdmin()), botId);
	}

	@PatchMapping(path = "/v1/bots/{botId}", consumes = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> update(Caller caller, @PathVariable String botId, @RequestBody byte[] body) {
		this.access.admin(caller);
		this.access.bot(caller, botId);
		JsonNode root = JsonBody.object(this.json, body);
		Messaging messaging = messaging(root);
		Bot bot = this.bots.update(botId, settings(root));
		messaging.apply(this.messaging, botId);
		return withMessaging(view(bot, true), botId);
	}

	@PostMapping("/v1/bots/{botId}/webhook-secret/rotate")
	Map<String, Object> rotateSecret(Caller caller, @PathVariable String botId) {
		this.access.admin(caller);
		this.access.bot(caller, botId);
		return withMessaging(view(this.bots.rotateWebhookSecret(botId), true), botId);
	}

	/**
	 * {@code fallback: {whatsappToSms}} and {@code stopWords} (API.md §14), kept apart
	 * from the bot's row.
	 */
	private static Messaging messaging(JsonNode root) {
		JsonNode fallback = JsonBody.optionalObject(root, "fallback", "fallback");
		Boolean whatsAppToSms = (fallback != null)
				? JsonBody.optionalBoolean(fallback, "whatsappToSms", "fallback.whatsappToSms") : null;
		JsonNode words = root.get("stopWords");
		List<String> stopWords = null;
		if (words != null && !words.isNull()) {
			if (!words.isArray()) {
				throw ApiException.badRequest("stopWords must be an array of words");
			}
			stopWords = new ArrayList<>();
			for (JsonNode word : words) {
				if (!word.isString()) {
					throw ApiException.badRequest("stopWords must be an array of words");
				}
				stopWords.add(word.asString());
			}
		}
		if (stopWords != null
				&& (stopWords.size() > 100 || stopWords.stream().anyMatch((w) -> w.isBlank() || w.length() > 64))) {
			throw ApiException.badRequest("stopWords must be up to 100 words of 1 to 64 characters");
		}
		return new Messaging(whatsAppToSms, stopWords);
	}

	private record Messaging(Boolean whatsAppToSms, List<String> stopWords) {

		void apply(BotMessaging messaging, String botId) {
			if (this.whatsAppToSms != null || this.stopWords != null) {
				messaging.update(botId, this.whatsAppToSms, this.stopWords);
			}
		}

	}

	private Map<String, Object> withMessaging(Map<String, Object> view, String botId) {
		MessagingSettings settings = this.messaging.find(botId);
		view.put("fallback", Map.of("whatsappToSms", settings.whatsAppToSms()));
		view.put("stopWords", (settings.stopWords() != null) ? settings.stopWords() : StopWords.DEFAULTS);
		return view;
	}

	private BotSettings settings(JsonNode root) {
		String format = JsonBody.optionalText(root, "webhookFormat", "webhookFormat");
		CallbackFormat webhookFormat = (format != null) ? CallbackFormat.fromWire(format) : null;
		if (format != null && webhookFormat == null) {
			throw ApiException.badRequest("webhookFormat must be yellow or jelou");
		}
		JsonNode schedule = JsonBody.optionalObject(root, "reportSchedule", "reportSchedule");
		String postbackUrl = JsonBody.optionalText(root, "postbackUrl", "postbackUrl");
		if (postbackUrl != null && !postbackUrl.isEmpty()) {
			this.webhookTargets.check(postbackUrl, "postbackUrl");
		}
		return new BotSettings(JsonBody.optionalText(root, "name", "name"),
				JsonBody.optionalBoolean(root, "apiAccessEnabled", "apiAccessEnabled"),
				JsonBody.optionalInt(root, "rateLimitPerMinute", "rateLimitPerMinute"), webhookFormat,
				JsonBody.optionalText(root, "defaultCountryCode", "defaultCountryCode"), postbackUrl,
				JsonBody.optionalInt(root, "retentionDays", "retentionDays"),
				JsonBody.stringOrArray(root, "reportRecipients", "reportRecipients"),
				(schedule != null) ? this.json.convertValue(schedule, Map.class) : null,
				JsonBody.stringOrArray(root, "callbackEvents", "callbackEvents"));
	}

	static Map<String, Object> view(Bot bot, boolean withSecret) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("botId", bot.id());
		view.put("clientId", bot.clientId());
		view.put("name", bot.name());
		view.put("apiAccessEnabled", bot.apiAccessEnabled());
		view.put("rateLimitPerMinute", bot.rateLimitPerMinute());
		view.put("webhookFormat", bot.webhookFormat().wire());
		view.put("defaultCountryCode", bot.defaultCountryCode());
		view.put("postbackUrl", bot.postbackUrl());
		if (withSecret) {
			view.put("webhookSecret", bot.webhookSecret());
		}
		view.put("retentionDays", bot.retentionDays());
		view.put("reportRecipients", bot.reportRecipients());
		view.put("reportSchedule", bot.reportSchedule());
		view.put("callbackEvents", bot.callbackEvents().stream().map(Enum::name).toList());
		view.put("createdAt", Times.iso(bot.createdAt()));
		return view;
	}

}
