package io.tidings.api.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tidings.api.Access;
import io.tidings.api.ApiException;
import io.tidings.api.JsonBody;
import io.tidings.api.Times;
import io.tidings.bot.Bot;
import io.tidings.bot.Caller;
import io.tidings.common.Channel;
import io.tidings.common.EmailAddress;
import io.tidings.common.PhoneNumber;
import io.tidings.suppression.Suppression;
import io.tidings.suppression.Suppressions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A bot's suppression lists (API.md §14): who must not be messaged, per channel. The
 * admin key or the bot's own key.
 */
@RestController
@Tag(name = "Opt-out")
class SuppressionController {

	private final Suppressions suppressions;

	private final Access access;

	private final JsonMapper json;

	SuppressionController(Suppressions suppressions, Access access, JsonMapper json) {
		this.suppressions = suppressions;
		this.access = access;
		this.json = json;
	}

	@Operation(summary = "The suppression list, newest first (filter by channel, search part of a recipient)")
	@GetMapping("/v1/bots/{botId}/suppressions")
	Map<String, Object> list(Caller caller, @PathVariable String botId, @RequestParam(required = false) String channel,
			@RequestParam(required = false) String search, @RequestParam(defaultValue = "1") int page,
			@RequestParam(defaultValue = "50") int limit) {
		this.access.bot(caller, botId);
		Channel filter = (channel != null && !channel.isBlank()) ? channel(channel) : null;
		if (page < 1 || limit < 1 || limit > 500) {
			throw ApiException.badRequest("page must be >= 1 and limit 1 to 500");
		}
		List<Map<String, Object>> items = this.suppressions.list(botId, filter, search, limit, (page - 1) * limit)
			.stream()
			.map(SuppressionController::view)
			.toList();
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("total", this.suppressions.count(botId, filter, search));
		answer.put("page", page);
		answer.put("limit", limit);
		answer.put("items", items);
		return answer;
	}

	@Operation(summary = "Add a recipient to a channel's suppression list")
	@PostMapping(path = "/v1/bots/{botId}/suppressions", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> add(Caller caller, @PathVariable String botId, @RequestBody byte[] body) {
		Bot bot = this.access.bot(caller, botId);
		JsonNode root = JsonBody.object(this.json, body);
		Channel channel = channel(JsonBody.requiredText(root, "channel", "channel"));
		String recipient = recipient(bot, channel, JsonBody.requiredText(root, "recipient", "recipient"));
		boolean added = this.suppressions.add(botId, channel, recipient, caller.isAdmin() ? "admin" : "api");
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("channel", channel.wire());
		answer.put("recipient", recipient);
		return ResponseEntity.status(added ? HttpStatus.CREATED : HttpStatus.OK).body(answer);
	}

	@Operation(summary = "Take a recipient off a channel's suppression list")
	@DeleteMapping("/v1/bots/{botId}/suppressions/{channel}/{recipient}")
	ResponseEntity<Void> remove(Caller caller, @PathVariable String botId, @PathVariable String channel,
			@PathVariable String recipient) {
		Bot bot = this.access.bot(caller, botId);
		Channel parsed = channel(channel);
		if (!this.suppressions.remove(botId, parsed, recipient(bot, parsed, recipient))) {
			throw ApiException.notFound(recipient + " is not on the " + parsed.wire() + " suppression list");
		}
		return ResponseEntity.noContent().build();
	}

	static Channel channel(String wire) {
		Channel channel = Channel.fromWire(wire);
		if (channel == null) {
			throw ApiException.badRequest("channel must be whatsapp, sms or email");
		}
		return channel;
	}

	static String recipient(Bot bot, Channel channel, String raw) {
		if (channel == Channel.EMAIL) {
			return EmailAddress.parse(raw)
				.map(EmailAddress::value)
				.orElseThrow(() -> ApiException.badRequest("recipient is not a valid email address"));
		}
		return PhoneNumber.parse(raw, bot.defaultCountryCode())
			.map(PhoneNumber::digits)
			.orElseThrow(() -> ApiException.badRequest("recipient is not a valid phone number"));
	}

	private static Map<String, Object> view(Suppression s) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("channel", s.channel().wire());
		view.put("recipient", s.recipient());
		view.put("reason", s.reason());
		view.put("createdAt", Times.iso(s.createdAt()));
		return view;
	}

}
