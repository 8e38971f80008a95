package io.tidings.api.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tidings.api.Access;
import io.tidings.api.ApiException;
import io.tidings.api.JsonBody;
import io.tidings.api.Times;
import io.tidings.bot.BotChannels;
import io.tidings.bot.Caller;
import io.tidings.bot.ChannelSetting;
import io.tidings.channel.Providers;
import io.tidings.common.Channel;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The provider behind each of a bot's channels (API.md §7); secrets are write-only.
 */
@RestController
@Tag(name = "Channels")
class ChannelController {

	private final BotChannels channels;

	private final Providers providers;

	private final Access access;

	private final JsonMapper json;

	ChannelController(BotChannels channels, Providers providers, Access access, JsonMapper json) {
		this.channels = channels;
		this.providers = providers;
		this.access = access;
		this.json = json;
	}

	@PutMapping(path = "/v1/bots/{botId}/channels/{channel}", consumes = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> put(Caller caller, @PathVariable String botId, @PathVariable String channel,
			@RequestBody byte[] body) {
		this.access.admin(caller);
		this.access.bot(caller, botId);
		Channel ch = channel(channel);
		JsonNode root = JsonBody.object(this.json, body);
		String provider = JsonBody.requiredText(root, "provider", "provider");
		Map<String, Object> settings = new LinkedHashMap<>();
		JsonNode nested = JsonBody.optionalObject(root, "settings", "settings");
		for (Map.Entry<String, JsonNode> field : ((nested != null) ? nested : root).properties()) {
			if (!field.getKey().equals("provider") && !field.getKey().equals("settings")) {
				settings.put(field.getKey(), this.json.convertValue(field.getValue(), Object.class));
			}
		}
		Map<String, Object> merged = this.channels.withStoredSecrets(botId, ch, provider, settings);
		this.providers.validate(ch, provider, merged);
		return view(this.channels.put(botId, ch, provider, merged));
	}

	@GetMapping("/v1/bots/{botId}/channels/{channel}")
	Map<String, Object> get(Caller caller, @PathVariable String botId, @PathVariable String channel) {
		this.access.bot(caller, botId);
		Channel ch = channel(channel);
		return view(this.channels.find(botId, ch)
			.orElseThrow(() -> ApiException.notFound("Channel " + ch.wire() + " is not configured for bot " + botId)));
	}

	@GetMapping("/v1/bots/{botId}/channels")
	List<Map<String, Object>> list(Caller caller, @PathVariable String botId) {
		this.access.bot(caller, botId);
		return this.channels.list(botId).stream().map(ChannelController::view).toList();
	}

	private static Channel channel(String value) {
		Channel channel = Channel.fromWire(value);
		if (channel == null) {
			throw ApiException.notFound("channel must be whatsapp, sms or email");
		}
		return channel;
	}

	static Map<String, Object> view(ChannelSetting setting) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("channel", setting.channel().wire());
		view.put("provider", setting.provider());
		view.putAll(setting.visibleSettings());
		view.put("secretsSet",
				setting.settings().keySet().stream().filter(ChannelSetting.SECRETS::contains).sorted().toList());
		view.put("updatedAt", Times.iso(setting.updatedAt()));
		return view;
	}

}
