package io.tidings.dashboard;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import io.tidings.callback.WebhookDeliveries;
import io.tidings.notification.NotificationQueries;
import io.tidings.notification.NotificationStats;
import io.tidings.notification.NotificationView;
import io.tidings.notification.StatisticsQueries;
import io.tidings.report.NotificationExport;

/**
 * The notifications table with the §5 filters, each notification's timeline and callback
 * attempts, and the CSV download of the filtered list.
 */
@Controller
class NotificationPages {

	static final int PAGE_SIZE = 25;

	private final NotificationQueries queries;

	private final StatisticsQueries statistics;

	private final WebhookDeliveries deliveries;

	private final NotificationExport export;

	private final ConsoleAccess access;

	NotificationPages(NotificationQueries queries, StatisticsQueries statistics, WebhookDeliveries deliveries,
			NotificationExport export, ConsoleAccess access) {
		this.queries = queries;
		this.statistics = statistics;
		this.deliveries = deliveries;
		this.export = export;
		this.access = access;
	}

	@GetMapping("/console/bots/{botId}/notifications")
	String list(@AuthenticationPrincipal ConsoleUser user, @PathVariable String botId,
			@RequestParam(required = false) String campaignId, @RequestParam(required = false) String elementName,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			@RequestParam(defaultValue = "1") int page,
			@RequestHeader(name = "HX-Request", required = false) String htmx,
			@RequestHeader(name = "HX-History-Restore-Request", required = false) String restore, Model model) {
		model.addAttribute("bot", this.access.bot(user, botId));
		model.addAttribute("section", "notifications");
		ConsoleFilter filter = ConsoleFilter.of(campaignId, elementName, from, to);
		NotificationStats stats = this.statistics.stats(botId, filter.filter());
		int pageNumber = Math.max(1, page);
		long offset = (long) (pageNumber - 1) * PAGE_SIZE;
		List<NotificationView> rows = (offset < stats.total())
				? this.queries.list(botId, filter.filter(), PAGE_SIZE, offset) : List.of();
		model.addAttribute("filter", filter);
		model.addAttribute("stats", stats);
		model.addAttribute("rows", rows);
		model.addAttribute("page", pageNumber);
		model.addAttribute("pages", Math.max(1, (stats.total() + PAGE_SIZE - 1) / PAGE_SIZE));
		// htmx swaps only the results; a history restore needs the whole page
		return (htmx != null && restore == null) ? "console/notifications :: results" : "console/notifications";
	}

	@GetMapping("/console/bots/{botId}/notifications/{id}")
	String detail(@AuthenticationPrincipal ConsoleUser user, @PathVariable String botId, @PathVariable String id,
			Model model) {
		model.addAttribute("bot", this.access.bot(user, botId));
		model.addAttribute("section", "notifications");
		UUID uuid = uuid(id);
		NotificationView notification = this.queries.find(botId, uuid)
			.orElseThrow(() -> new PageNotFoundException("Notification " + id + " not found"));
		model.addAttribute("n", notification);
		model.addAttribute("events", this.queries.events(uuid));
		model.addAttribute("deliveries", this.deliveries.list(botId, null, uuid, 50, 0));
		return "console/notification";
	}

	@GetMapping("/console/bots/{botId}/notifications.csv")
	ResponseEntity<StreamingResponseBody> csv(@AuthenticationPrincipal ConsoleUser user, @PathVariable String botId,
			@RequestParam(required = false) String campaignId, @RequestParam(required = false) String elementName,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to) {
		this.access.bot(user, botId);
		ConsoleFilter filter = ConsoleFilter.of(campaignId, elementName, from, to);
		StreamingResponseBody body = (out) -> this.export.write(botId, filter.filter(), out);
		return ResponseEntity.ok()
			.contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"notifications-" + botId + ".csv\"")
			.body(body);
	}

	private static UUID uuid(String id) {
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw new PageNotFoundException("Notification " + id + " not found");
		}
	}

}
