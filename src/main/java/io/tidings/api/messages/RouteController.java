package io.tidings.api.messages;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import io.tidings.bot.Bot;
import io.tidings.bot.BotChannels;
import io.tidings.bot.Caller;
import io.tidings.bot.ChannelSetting;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/route/{clientId}} (seed 003): the sender ids a client may use, from
 * its channels' settings.
 */
@RestController
@Tag(name = "Messages surface")
class RouteController {

	private final BotChannels channels;

	private final MessagesCaller callers;

	RouteController(BotChannels channels, MessagesCaller callers) {
		this.channels = channels;
		this.callers = callers;
	}

	@GetMapping("/api/v1/route/{clientId}")
	Map<String, Object> route(Caller caller, @PathVariable String clientId) {
		Bot bot = this.callers.bot(caller, clientId);
		Set<String> senders = new LinkedHashSet<>();
		for (ChannelSetting setting : this.channels.list(bot.id())) {
			Object listed = setting.settings().get("senders");
			if (listed instanceof Iterable<?> values) {
				values.forEach((value) -> senders.add(String.valueOf(value)));
			}
			for (String key : new String[] { "sender", "phoneNumberId", "fromAddress" }) {
				if (setting.settings().get(key) != null) {
					senders.add(String.valueOf(setting.settings().get(key)));
				}
			}
		}
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("client_id", bot.clientId());
		data.put("senders", senders);
		return Envelope.of("senders retrieved successfully", data);
	}

}
