package io.tidings.api.jelou;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.tidings.api.Access;
import io.tidings.api.ApiException;
import io.tidings.api.JsonBody;
import io.tidings.bot.Bot;
import io.tidings.bot.Caller;
import io.tidings.common.Channel;
import io.tidings.common.PhoneNumber;
import io.tidings.receipt.InboundMessage;
import io.tidings.receipt.InboundMessages;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /webhooks/simulator/{botId}/inbound} (API.md §11): a user writing to the
 * bot, simulated. It opens the 24-hour window and counts as a reply, as a real inbound
 * message does.
 */
@RestController
@Tag(name = "Simulator")
class SimulatorInboundController {

	private final InboundMessages inbound;

	private final Access access;

	private final JsonMapper json;

	private final Clock clock;

	SimulatorInboundController(InboundMessages inbound, Access access, JsonMapper json, Clock clock) {
		this.inbound = inbound;
		this.access = access;
		this.json = json;
		this.clock = clock;
	}

	@Operation(summary = "Simulate a user's message to the bot")
	@PostMapping(path = "/webhooks/simulator/{botId}/inbound", consumes = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> receive(Caller caller, @PathVariable String botId, @RequestBody byte[] body) {
		Bot bot = this.access.bot(caller, botId);
		JsonNode root = JsonBody.object(this.json, body);
		String from = JsonBody.requiredText(root, "from", "from");
		String text = JsonBody.optionalText(root, "text", "text");
		String userId = PhoneNumber.parse(from, bot.defaultCountryCode())
			.map(PhoneNumber::digits)
			.orElseThrow(() -> ApiException.badRequest("from is not a valid phone number"));
		String channelName = JsonBody.optionalText(root, "channel", "channel");
		Channel channel = (channelName != null) ? Channel.fromWire(channelName) : Channel.WHATSAPP;
		if (channel == null || channel == Channel.EMAIL) {
			throw ApiException.badRequest("channel must be whatsapp or sms");
		}
		Optional<UUID> answered = this.inbound.record(new InboundMessage(bot.id(), userId, channel, text, null,
				JsonBody.optionalText(root, "contextId", "contextId"), this.clock.instant()));
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("received", true);
		answer.put("userId", userId);
		answer.put("repliedTo", answered.map(UUID::toString).orElse(null));
		return answer;
	}

}
