package io.tidings.api.jelou;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tidings.api.Access;
import io.tidings.api.JsonBody;
import io.tidings.bot.Caller;
import io.tidings.callback.WebhookSubscriptions;
import io.tidings.common.InvalidFieldException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Jelou's status webhook subscriptions, {@code /v1/bots/{botId}/events/webhook} (API.md
 * §12).
 */
@RestController
@Tag(name = "Webhook subscriptions")
class WebhookSubscriptionController {

	private final WebhookSubscriptions subscriptions;

	private final Access access;

	private final JsonMapper json;

	WebhookSubscriptionController(WebhookSubscriptions subscriptions, Access access, JsonMapper json) {
		this.subscriptions = subscriptions;
		this.access = access;
		this.json = json;
	}

	@Operation(summary = "The bot's status webhook subscriptions")
	@GetMapping("/v1/bots/{botId}/events/webhook")
	Map<String, Object> list(Caller caller, @PathVariable String botId) {
		this.access.bot(caller, botId);
		return view(this.subscriptions.list(botId));
	}

	@Operation(summary = "Replace the bot's status webhook subscriptions")
	@PostMapping(path = "/v1/bots/{botId}/events/webhook", consumes = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> replace(Caller caller, @PathVariable String botId, @RequestBody byte[] body) {
		this.access.bot(caller, botId);
		JsonNode webhooks = JsonBody.object(this.json, body).get("webhooks");
		if (webhooks == null || !webhooks.isArray()) {
			throw new InvalidFieldException("webhooks", "webhooks must be an array of {url, events}");
		}
		List<WebhookSubscriptions.Requested> requested = new ArrayList<>();
		for (int i = 0; i < webhooks.size(); i++) {
			JsonNode w = webhooks.get(i);
			String path = "webhooks[" + i + "]";
			if (!w.isObject()) {
				throw new InvalidFieldException(path, path + " must be an object {url, events}");
			}
			List<String> events = JsonBody.stringOrArray(w, "events", path + ".events");
			requested.add(new WebhookSubscriptions.Requested(JsonBody.optionalText(w, "url", path + ".url"),
					(events != null) ? events : List.of()));
		}
		return view(this.subscriptions.replace(botId, requested));
	}

	private static Map<String, Object> view(List<WebhookSubscriptions.Subscription> subscriptions) {
		List<Map<String, Object>> webhooks = new ArrayList<>();
		for (WebhookSubscriptions.Subscription s : subscriptions) {
			Map<String, Object> w = new LinkedHashMap<>();
			w.put("url", s.url());
			w.put("events", s.eventNames());
			webhooks.add(w);
		}
		return Map.of("webhooks", webhooks);
	}

}
