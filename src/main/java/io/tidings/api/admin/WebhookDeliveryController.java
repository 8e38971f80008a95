package io.tidings.api.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tidings.api.Access;
import io.tidings.api.ApiException;
import io.tidings.api.Times;
import io.tidings.bot.Caller;
import io.tidings.callback.WebhookDeliveries;
import io.tidings.callback.WebhookDelivery;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The webhook delivery log: attempts, response codes, next retry; manual retry (API.md
 * §7, §9).
 */
@RestController
@Tag(name = "Webhook deliveries")
class WebhookDeliveryController {

	private final WebhookDeliveries deliveries;

	private final Access access;

	WebhookDeliveryController(WebhookDeliveries deliveries, Access access) {
		this.deliveries = deliveries;
		this.access = access;
	}

	@GetMapping("/v1/bots/{botId}/webhook-deliveries")
	Map<String, Object> list(Caller caller, @PathVariable String botId, @RequestParam(required = false) String state,
			@RequestParam(required = false) UUID notificationId, @RequestParam(defaultValue = "1") int page,
			@RequestParam(defaultValue = "50") int limit) {
		this.access.bot(caller, botId);
		if (page < 1) {
			throw ApiException.badRequest("page must be 1 or more");
		}
		if (limit < 1 || limit > 500) {
			throw ApiException.badRequest("limit must be 1 to 500");
		}
		String wanted = (state != null) ? state.toUpperCase() : null;
		if (wanted != null && !List.of("PENDING", "DELIVERED", "DEAD").contains(wanted)) {
			throw ApiException.badRequest("state must be PENDING, DELIVERED or DEAD");
		}
		List<WebhookDelivery> results = this.deliveries.list(botId, wanted, notificationId, limit, (page - 1) * limit);
		Map<String, Object> answer = new LinkedHashMap<>();
		// one notification's log also lists its callbacks that succeeded at once (they
		// have no
		// row), so its total is counted from the list
		answer.put("total",
				(notificationId != null) ? results.size() + (page - 1) * limit : this.deliveries.count(botId, wanted));
		answer.put("page", page);
		answer.put("limit", limit);
		answer.put("results", results.stream().map(WebhookDeliveryController::view).toList());
		return answer;
	}

	@PostMapping("/v1/bots/{botId}/webhook-deliveries/{id}/retry")
	Map<String, Object> retry(Caller caller, @PathVariable String botId, @PathVariable UUID id) {
		this.access.bot(caller, botId);
		if (!this.deliveries.retry(botId, id)) {
			throw ApiException.notFound("Webhook delivery " + id + " not found");
		}
		return Map.of("id", id.toString(), "state", "PENDING");
	}

	private static Map<String, Object> view(WebhookDelivery d) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", d.id().toString());
		view.put("notificationId", (d.notificationId() != null) ? d.notificationId().toString() : null);
		view.put("url", d.url());
		view.put("event", d.event());
		view.put("state", d.state());
		view.put("attempts", d.attempts());
		view.put("lastStatusCode", d.lastStatusCode());
		view.put("lastError", d.lastError());
		view.put("createdAt", Times.iso(d.createdAt()));
		view.put("deliveredAt", Times.iso(d.deliveredAt()));
		view.put("nextAttemptAt", Times.iso(d.nextAttemptAt()));
		view.put("payload", d.payload());
		view.put("attemptLog", d.attemptLog().stream().map((a) -> {
			Map<String, Object> attempt = new LinkedHashMap<>();
			attempt.put("at", Times.iso(a.at()));
			attempt.put("statusCode", a.statusCode());
			attempt.put("error", a.error());
			attempt.put("durationMs", a.durationMs());
			return attempt;
		}).toList());
		return view;
	}

}
