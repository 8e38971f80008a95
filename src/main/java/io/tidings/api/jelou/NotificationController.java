package io.tidings.api.jelou;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tidings.api.Access;
import io.tidings.api.ApiException;
import io.tidings.api.Times;
import io.tidings.bot.Caller;
import io.tidings.notification.NotificationQueries;
import io.tidings.notification.NotificationView;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * One notification in seed 000's shape, and its event timeline.
 */
@RestController
@Tag(name = "Notifications")
class NotificationController {

	private final NotificationQueries queries;

	private final Access access;

	NotificationController(NotificationQueries queries, Access access) {
		this.queries = queries;
		this.access = access;
	}

	@GetMapping("/v1/bots/{botId}/notifications/{notificationId}")
	Map<String, Object> get(Caller caller, @PathVariable String botId, @PathVariable String notificationId) {
		this.access.bot(caller, botId);
		return view(find(botId, notificationId));
	}

	@GetMapping("/v1/bots/{botId}/notifications/{notificationId}/events")
	Map<String, Object> events(Caller caller, @PathVariable String botId, @PathVariable String notificationId) {
		this.access.bot(caller, botId);
		NotificationView n = find(botId, notificationId);
		List<Map<String, Object>> events = this.queries.events(n.id()).stream().map((e) -> {
			Map<String, Object> event = new LinkedHashMap<>();
			event.put("status", e.status().name());
			event.put("timestamp", e.occurredAt().toEpochMilli());
			event.put("error", (e.errorCode() != null || e.errorMessage() != null)
					? errorOf(e.errorCode(), e.errorMessage()) : null);
			event.put("reply", e.reply());
			event.put("recordedAt", Times.iso(e.recordedAt()));
			return event;
		}).toList();
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("id", n.id().toString());
		answer.put("sentStatus", n.status().name());
		answer.put("failureKind", (n.failureKind() != null) ? n.failureKind().name() : null);
		answer.put("errorCode", n.errorCode());
		answer.put("createdAt", Times.iso(n.createdAt()));
		answer.put("sentDate", Times.iso(n.sentAt()));
		answer.put("deliveryChannelAt", Times.iso(n.deliveryChannelAt()));
		answer.put("deliveryUserAt", Times.iso(n.deliveryUserAt()));
		answer.put("readAt", Times.iso(n.readAt()));
		answer.put("repliedAt", Times.iso(n.repliedAt()));
		answer.put("failedAt", Times.iso(n.failedAt()));
		answer.put("segments", n.segments());
		answer.put("events", events);
		putFallback(answer, n);
		return answer;
	}

	private NotificationView find(String botId, String notificationId) {
		UUID id;
		try {
			id = UUID.fromString(notificationId);
		}
		catch (IllegalArgumentException ex) {
			throw ApiException.notFound("Notification " + notificationId + " not found");
		}
		return this.queries.find(botId, id)
			.orElseThrow(() -> ApiException.notFound("Notification " + notificationId + " not found"));
	}

	private static Map<String, Object> errorOf(Integer code, String message) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("code", code);
		error.put("message", message);
		return error;
	}

	static Map<String, Object> view(NotificationView n) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("wasRead", n.wasRead());
		view.put("destination", n.destination());
		view.put("sentStatus", n.status().name());
		view.put("origin", n.origin().name());
		view.put("createdAt", Times.iso(n.createdAt()));
		view.put("sentDate", Times.iso(n.sentAt()));
		view.put("elementName", n.templateName());
		view.put("campaignId", n.campaignId());
		view.put("error", n.errorMessage());
		view.put("internalId", n.internalId());
		view.put("id", n.id().toString());
		putFallback(view, n);
		return view;
	}

	/**
	 * The SMS fallback link of API.md §14, on both notifications, when there is one.
	 */
	static void putFallback(Map<String, Object> view, NotificationView n) {
		if (n.fallbackOf() != null) {
			view.put("fallbackOf", n.fallbackOf().toString());
		}
		if (n.fallbackId() != null) {
			view.put("fallbackId", n.fallbackId().toString());
		}
	}

}
