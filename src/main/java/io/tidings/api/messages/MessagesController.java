package io.tidings.api.messages;

import java.util.Map;

import io.tidings.api.ApiException;
import io.tidings.api.PageRequest;
import io.tidings.api.RateLimits;
import io.tidings.bot.Bot;
import io.tidings.bot.Caller;
import io.tidings.common.PhoneNumber;
import io.tidings.notification.NotificationQueries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/messages} (seed 003, API.md §6) and Squad's {@code POST
 * /service/message} (§12): to a bucket or to listed numbers, a template or a text, as a
 * campaign or not; a number's and a batch's message history.
 */
@RestController
@Tag(name = "Messages surface")
class MessagesController {

	private final MessageSends sends;

	private final NotificationQueries queries;

	private final MessagesCaller callers;

	private final RateLimits rateLimits;

	private final JsonMapper json;

	MessagesController(MessageSends sends, NotificationQueries queries, MessagesCaller callers, RateLimits rateLimits,
			JsonMapper json) {
		this.sends = sends;
		this.queries = queries;
		this.callers = callers;
		this.rateLimits = rateLimits;
		this.json = json;
	}

	@Operation(summary = "Send a template or a text to a bucket or to numbers, optionally as a campaign "
			+ "(Squad: POST /service/message); data has sent and batch_id")
	@PostMapping(path = { "/api/v1/messages", "/service/message" }, consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> send(Caller caller, @RequestBody byte[] body) {
		Bot bot = this.callers.bot(caller);
		MessageOrder order = MessageOrder.read(this.json, body);
		HttpHeaders headers = this.rateLimits.acquire(bot, MessageSends.cost(order));
		MessageSends.Sent sent = this.sends.send(bot, order);
		return ResponseEntity.status(HttpStatus.ACCEPTED)
			.headers(headers)
			.body(Envelope.of("messages queued successfully", sent.data()));
	}

	@Operation(summary = "A number's messages, newest first (Squad: GET /service/message/by-phone/{phone})")
	@GetMapping({ "/api/v1/messages/phone/{phone}", "/service/message/by-phone/{phone}" })
	Map<String, Object> byPhone(Caller caller, @PathVariable String phone, @RequestParam(required = false) String page,
			@RequestParam(required = false) String limit, @RequestParam(required = false) String count) {
		Bot bot = this.callers.bot(caller);
		PageRequest paging = PageRequest.of(page, limit, count, 50, 500);
		String destination = PhoneNumber.parse(phone, bot.defaultCountryCode())
			.map(PhoneNumber::digits)
			.orElseThrow(() -> ApiException.badRequest("phone is not a valid phone number"));
		return Envelope.of("phone messages retrieved successfully",
				MessageViews.page(this.queries.byDestination(bot.id(), destination, paging.limit(), paging.offset()),
						this.queries.countByDestination(bot.id(), destination), bot));
	}

	@Operation(summary = "The messages of one send, by the batch_id its answer gave (Squad)")
	@GetMapping("/service/message/by-params")
	Map<String, Object> byBatch(Caller caller, @RequestParam(name = "batch_id", required = false) String batchId,
			@RequestParam(required = false) String page, @RequestParam(required = false) String limit,
			@RequestParam(required = false) String count) {
		Bot bot = this.callers.bot(caller);
		if (batchId == null || batchId.isBlank()) {
			throw ApiException.missing("batch_id");
		}
		PageRequest paging = PageRequest.of(page, limit, count, 50, 500);
		String batch = batchId.strip();
		return Envelope.of("messages retrieved successfully",
				MessageViews.page(this.queries.byBatch(bot.id(), batch, paging.limit(), paging.offset()),
						this.queries.countByBatch(bot.id(), batch), bot));
	}

}
