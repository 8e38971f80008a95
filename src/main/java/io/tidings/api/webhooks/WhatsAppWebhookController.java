package io.tidings.api.webhooks;

import java.io.IOException;

import io.tidings.api.ApiException;
import io.tidings.api.ErrorCodes;
import io.tidings.api.JsonBody;
import io.tidings.bot.Bot;
import io.tidings.bot.Bots;
import io.tidings.receipt.WhatsAppWebhook;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET/POST /webhooks/whatsapp/{botId}}: Meta's verification handshake and its
 * signed status and message deliveries. A bad or missing signature answers 401 and
 * changes nothing.
 */
@RestController
@Tag(name = "Provider webhooks")
class WhatsAppWebhookController {

	private final WhatsAppWebhook webhook;

	private final Bots bots;

	private final JsonMapper json;

	WhatsAppWebhookController(WhatsAppWebhook webhook, Bots bots, JsonMapper json) {
		this.webhook = webhook;
		this.bots = bots;
		this.json = json;
	}

	@Operation(summary = "Meta's subscription handshake: echoes hub.challenge when hub.verify_token matches")
	@GetMapping(path = "/webhooks/whatsapp/{botId}", produces = MediaType.TEXT_PLAIN_VALUE)
	ResponseEntity<String> verify(@PathVariable String botId,
			@RequestParam(name = "hub.mode", required = false) String mode,
			@RequestParam(name = "hub.verify_token", required = false) String token,
			@RequestParam(name = "hub.challenge", required = false) String challenge) {
		return this.webhook.verify(botId, mode, token, challenge)
			.map(ResponseEntity::ok)
			.orElseThrow(
					() -> new ApiException(HttpStatus.FORBIDDEN, ErrorCodes.AUTH, "hub.verify_token does not match"));
	}

	@Operation(summary = "Meta's status and message deliveries, signed with X-Hub-Signature-256")
	@PostMapping(path = "/webhooks/whatsapp/{botId}", consumes = MediaType.APPLICATION_JSON_VALUE)
	void receive(@PathVariable String botId, HttpServletRequest http, HttpServletResponse response) throws IOException {
		// the raw request and response, as for the push: this is the hottest inbound path
		// (every status of every WhatsApp message), and binding the header and body cost
		// more than reading them
		Bot bot = this.bots.find(botId).orElseThrow(() -> ApiException.notFound("Bot " + botId + " not found"));
		byte[] body = JsonBody.read(http);
		if (!this.webhook.signed(bot.id(), http.getHeader("X-Hub-Signature-256"), body)) {
			throw new ApiException(HttpStatus.UNAUTHORIZED, ErrorCodes.AUTH, "X-Hub-Signature-256 is missing or wrong");
		}
		this.webhook.apply(bot.id(), JsonBody.object(this.json, body), bot.defaultCountryCode());
		response.setStatus(HttpStatus.OK.value());
		response.setContentLength(0);
	}

}
