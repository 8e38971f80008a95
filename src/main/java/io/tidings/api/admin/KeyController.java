package io.tidings.api.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tidings.api.Access;
import io.tidings.api.ApiException;
import io.tidings.api.JsonBody;
import io.tidings.api.Times;
import io.tidings.bot.ApiKeys;
import io.tidings.bot.Caller;
import io.tidings.bot.NewApiKey;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A bot's API keys (API.md §7): the full key only in the answer that creates it.
 */
@RestController
@Tag(name = "Bot API keys")
class KeyController {

	private final ApiKeys keys;

	private final Access access;

	private final JsonMapper json;

	KeyController(ApiKeys keys, Access access, JsonMapper json) {
		this.keys = keys;
		this.access = access;
		this.json = json;
	}

	@PostMapping("/v1/bots/{botId}/keys")
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> create(Caller caller, @PathVariable String botId, @RequestBody(required = false) byte[] body) {
		this.access.admin(caller);
		this.access.bot(caller, botId);
		String name = "default";
		if (body != null && body.length > 0) {
			JsonNode root = JsonBody.object(this.json, body);
			String given = JsonBody.optionalText(root, "name", "name");
			if (given != null && (given.isBlank() || given.length() > 200)) {
				throw ApiException.badRequest("name must be 1 to 200 characters");
			}
			name = (given != null) ? given : name;
		}
		NewApiKey key = this.keys.create(botId, name);
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", key.id().toString());
		view.put("name", key.name());
		view.put("prefix", key.prefix());
		view.put("key", key.key());
		return view;
	}

	@GetMapping("/v1/bots/{botId}/keys")
	List<Map<String, Object>> list(Caller caller, @PathVariable String botId) {
		this.access.admin(caller);
		this.access.bot(caller, botId);
		return this.keys.list(botId).stream().map((key) -> {
			Map<String, Object> view = new LinkedHashMap<>();
			view.put("id", key.id().toString());
			view.put("name", key.name());
			view.put("prefix", key.prefix());
			view.put("createdAt", Times.iso(key.createdAt()));
			view.put("revokedAt", Times.iso(key.revokedAt()));
			return view;
		}).toList();
	}

	@DeleteMapping("/v1/bots/{botId}/keys/{keyId}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void revoke(Caller caller, @PathVariable String botId, @PathVariable UUID keyId) {
		this.access.admin(caller);
		this.access.bot(caller, botId);
		if (!this.keys.revoke(botId, keyId)) {
			throw ApiException.notFound("Key " + keyId + " not found");
		}
	}

}
