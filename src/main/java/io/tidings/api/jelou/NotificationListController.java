package io.tidings.api.jelou;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tidings.api.Access;
import io.tidings.api.ApiException;
import io.tidings.api.QueryParams;
import io.tidings.api.Times;
import io.tidings.bot.Caller;
import io.tidings.notification.NotificationFilter;
import io.tidings.notification.NotificationQueries;
import io.tidings.notification.NotificationStats;
import io.tidings.notification.NotificationView;
import io.tidings.notification.StatisticsQueries;
import io.tidings.report.NotificationExport;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.util.RawValue;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * {@code GET /v1/bots/{botId}/notifications} (seed 000, API.md §5): a page of
 * notifications with statistics over every match, or every match as CSV.
 */
@RestController
@Tag(name = "Notifications")
class NotificationListController {

	private final NotificationQueries queries;

	private final StatisticsQueries statistics;

	private final NotificationExport export;

	private final Access access;

	private final JsonMapper json;

	NotificationListController(NotificationQueries queries, StatisticsQueries statistics, NotificationExport export,
			Access access, JsonMapper json) {
		this.json = json;
		this.queries = queries;
		this.statistics = statistics;
		this.export = export;
		this.access = access;
	}

	@Operation(summary = "List notifications newest first, with stats over every match; download=true streams CSV")
	@GetMapping("/v1/bots/{botId}/notifications")
	ResponseEntity<StreamingResponseBody> list(Caller caller, @PathVariable String botId,
			@RequestParam(required = false) String campaignId, @RequestParam(required = false) String elementName,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			@RequestParam(required = false) String limit, @RequestParam(required = false) String page,
			@RequestParam(required = false) String download) {
		this.access.bot(caller, botId);
		int pageSize = QueryParams.integer("limit", limit, 50, 1, 50);
		int pageNumber = QueryParams.integer("page", page, 1, 1, Integer.MAX_VALUE);
		Instant start = QueryParams.from("from", from);
		Instant end = QueryParams.to("to", to);
		if (start != null && end != null && start.isAfter(end)) {
			throw ApiException.badRequest("from must not be after to");
		}
		NotificationFilter filter = new NotificationFilter(blankToNull(campaignId), blankToNull(elementName), start,
				end);
		if (QueryParams.bool("download", download)) {
			StreamingResponseBody body = (out) -> this.export.write(botId, filter, out);
			return ResponseEntity.ok()
				.contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
				.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"notifications-" + botId + ".csv\"")
				.body(body);
		}
		NotificationStats stats = this.statistics.stats(botId, filter);
		long offset = (long) (pageNumber - 1) * pageSize;
		List<NotificationView> results = (offset < stats.total()) ? this.queries.list(botId, filter, pageSize, offset)
				: List.of();
		Map<String, Object> pagination = new LinkedHashMap<>();
		pagination.put("limit", pageSize);
		pagination.put("total", stats.total());
		pagination.put("offset", offset);
		pagination.put("totalPages", (stats.total() + pageSize - 1) / pageSize);
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("stats", JelouStats.stats(stats));
		metadata.put("performance", JelouStats.performance(stats));
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("pagination", pagination);
		answer.put("_metadata", metadata);
		answer.put("results", results.stream().map(NotificationListController::row).toList());
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.body((out) -> this.json.writeValue(out, answer));
	}

	private static Map<String, Object> row(NotificationView n) {
		Map<String, Object> row = new LinkedHashMap<>();
		row.put("_id", n.id().toString());
		row.put("wasRead", n.wasRead() ? "Yes" : "No");
		row.put("messageId", n.internalId());
		row.put("destination", n.destination());
		row.put("sentStatus", n.status().name());
		row.put("request", new RawValue((n.requestJson() != null) ? n.requestJson() : "{}"));
		row.put("origin", n.origin().name());
		row.put("createdAt", Times.iso(n.createdAt()));
		row.put("sentDate", Times.iso(n.sentAt()));
		row.put("elementName", n.templateName());
		row.put("deliveryChannelAt", Times.iso(n.deliveryChannelAt()));
		row.put("error", n.errorMessage());
		row.put("deliveryUserAt", Times.iso(n.deliveryUserAt()));
		NotificationController.putFallback(row, n);
		return row;
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

}
