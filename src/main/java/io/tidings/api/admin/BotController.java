package io.tidings.api.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tidings.api.Access;
import io.tidings.api.ApiException;
import io.tidings.api.JsonBody;
import io.tidings.api.Times;
import io.tidings.bot.Bot;
import io.tidings.bot.BotSettings;
import io.tidings.bot.Bots;
import io.tidings.bot.Caller;
import io.tidings.callback.WebhookTargets;
import io.tidings.common.CallbackFormat;
import io.swagger.v3.oas.annotations.tags.Tag;
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

	BotController(Bots bots, Access access, JsonMapper json, WebhookTargets webhookTargets) {
		this.webhookTargets = webhookTargets;
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
		return view(this.bots.create(botId, settings(root)), true);
	}

	@GetMapping("/v1/bots")
	List<Map<String, Object>> list(Caller caller) {
		if (caller instanceof Caller.BotKey key) {
			return List.of(view(this.access.bot(caller, key.botId()), false));
		}
		return this.bots.list().stream().map((bot) -> view(bot, true)).toList();
	}

	@GetMapping("/v1/bots/{botId}")
	Map<String, Object> get(Caller caller, @PathVariable String botId) {
		return view(this.access.bot(caller, botId), caller.isAdmin());
	}

	@PatchMapping(path = "/v1/bots/{botId}", consumes = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> update(Caller caller, @PathVariable String botId, @RequestBody byte[] body) {
		this.access.admin(caller);
		this.access.bot(caller, botId);
		return view(this.bots.update(botId, settings(JsonBody.object(this.json, body))), true);
	}

	@PostMapping("/v1/bots/{botId}/webhook-secret/rotate")
	Map<String, Object> rotateSecret(Caller caller, @PathVariable String botId) {
		this.access.admin(caller);
		this.access.bot(caller, botId);
		return view(this.bots.rotateWebhookSecret(botId), true);
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
