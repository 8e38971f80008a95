package io.tidings.api.yellow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

import io.tidings.api.Access;
import io.tidings.api.ApiException;
import io.tidings.api.JsonBody;
import io.tidings.api.QueryParams;
import io.tidings.api.RateLimits;
import io.tidings.api.SendErrors;
import io.tidings.api.TraceId;
import io.tidings.bot.Bot;
import io.tidings.bot.Caller;
import io.tidings.callback.WebhookTargets;
import io.tidings.notification.AcceptResult;
import io.tidings.notification.NotificationAcceptor;
import io.tidings.notification.SendRejectedException;
import io.tidings.notification.SendRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/engagements/notifications/v2/push?bot={botId}} (API.md §4).
 */
@RestController
@Tag(name = "Yellow push")
class PushController {

	static final String PATH = "/api/engagements/notifications/v2/push";

	private static final SendErrors ERRORS = new SendErrors("userDetails.number", "notification.templateId",
			"notification.params");

	private static final SendErrors EMAIL_ERRORS = new SendErrors("userDetails.email", "notification.templateId",
			"notification.params");

	private final NotificationAcceptor acceptor;

	private final Access access;

	private final RateLimits rateLimits;

	private final JsonMapper json;

	private final WebhookTargets webhookTargets;

	private final Clock clock;

	PushController(NotificationAcceptor acceptor, Access access, RateLimits rateLimits, JsonMapper json,
			WebhookTargets webhookTargets, Clock clock) {
		this.webhookTargets = webhookTargets;
		this.clock = clock;
		this.acceptor = acceptor;
		this.access = access;
		this.rateLimits = rateLimits;
		this.json = json;
	}

	/**
	 * Takes the servlet request and response rather than bound arguments: this is the
	 * hottest endpoint, and Spring MVC's argument resolvers and return value handlers
	 * (query-parameter conversion, body message converters, the ResponseEntity handler)
	 * were a quarter of the JVM's CPU per push in the issue 1/6 profile. Mistakes still
	 * surface as {@link ApiException}s, answered by the common error handler. Plain JSON
	 * posts reach it through {@link PushRoute}, ahead of the annotated mappings.
	 */
	@Operation(summary = "Send a WhatsApp, SMS or email notification; 202 once it is committed and queued")
	@PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	void push(Caller caller, HttpServletRequest http, HttpServletResponse response) throws IOException {
		String botId = QueryParams.first(http, "bot");
		if (botId == null || botId.isBlank()) {
			throw ApiException.missing("bot");
		}
		Bot bot = this.access.bot(caller, botId);
		HttpHeaders headers = this.rateLimits.acquire(bot, 1);
		byte[] body = JsonBody.read(http);
		SendRequest request = PushRequestReader.read(this.json, bot.id(), body, http.getHeader("Idempotency-Key"),
				this.clock.instant());
		if (request.postbackUrl() != null) {
			this.webhookTargets.check(request.postbackUrl(), "config.postbackUrl");
		}
		AcceptResult result;
		try {
			result = this.acceptor.accept(request);
		}
		catch (SendRejectedException ex) {
			throw (request.channel() == io.tidings.common.Channel.EMAIL ? EMAIL_ERRORS : ERRORS).toApi(ex);
		}
		byte[] accepted = accepted(result.id().toString(), TraceId.current());
		response.setStatus(HttpStatus.ACCEPTED.value());
		RateLimits.write(headers, response);
		if (result.replayed()) {
			response.setHeader("Idempotent-Replayed", "true");
		}
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setContentLength(accepted.length);
		response.getOutputStream().write(accepted);
	}

	/**
	 * The 202 body, {@code {"success":true,"msgId":…,"traceId":…}}, written directly: the
	 * id (a UUID) and the trace id (hex) need no escaping, and this is the hottest
	 * answer.
	 */
	static byte[] accepted(String msgId, String traceId) {
		return ("{\"success\":true,\"msgId\":\"" + msgId + "\",\"traceId\":\"" + traceId + "\"}")
			.getBytes(StandardCharsets.US_ASCII);
	}

}
