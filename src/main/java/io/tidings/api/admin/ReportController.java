package io.tidings.api.admin;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tidings.api.Access;
import io.tidings.api.ApiException;
import io.tidings.api.JsonBody;
import io.tidings.api.PageRequest;
import io.tidings.api.QueryParams;
import io.tidings.api.Times;
import io.tidings.bot.Bot;
import io.tidings.bot.Caller;
import io.tidings.report.ReportRun;
import io.tidings.report.ReportRuns;
import io.tidings.report.ReportSummaries;
import io.tidings.report.Summary;
import io.tidings.report.SummaryCounts;
import io.tidings.report.SummaryGrouping;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reports of one bot: summaries from the rollups, one-off CSV reports by email and the
 * log of every emailed report. The bot's own key or the admin key.
 */
@RestController
@Tag(name = "Reports")
class ReportController {

	private final ReportSummaries summaries;

	private final ReportRuns runs;

	private final Access access;

	private final JsonMapper json;

	ReportController(ReportSummaries summaries, ReportRuns runs, Access access, JsonMapper json) {
		this.summaries = summaries;
		this.runs = runs;
		this.access = access;
		this.json = json;
	}

	@Operation(summary = "Counts of the bot's notifications by campaign, template, status, day or hour (default: "
			+ "by day over the last 7 days)")
	@GetMapping("/v1/bots/{botId}/reports/summary")
	Map<String, Object> summary(Caller caller, @PathVariable String botId,
			@RequestParam(required = false) String groupBy, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to) {
		this.access.bot(caller, botId);
		SummaryGrouping grouping = (groupBy == null || groupBy.isBlank()) ? SummaryGrouping.DAY
				: SummaryGrouping.fromWire(groupBy)
					.orElseThrow(
							() -> ApiException.badRequest("groupBy must be campaign, template, status, day or hour"));
		Summary summary = this.summaries.summarise(botId, grouping, QueryParams.from("from", from),
				QueryParams.to("to", to));
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("botId", summary.botId());
		answer.put("groupBy", summary.groupBy().wire());
		answer.put("from", Times.iso(summary.from()));
		answer.put("to", Times.iso(summary.to()));
		answer.put("total", counts(new LinkedHashMap<>(), summary.total()));
		answer.put("groups", (grouping == SummaryGrouping.STATUS) ? summary.statuses().stream().map((s) -> {
			Map<String, Object> group = new LinkedHashMap<>();
			group.put("key", s.status().name());
			group.put("count", s.count());
			return group;
		}).toList() : summary.groups().stream().map((g) -> {
			Map<String, Object> group = new LinkedHashMap<>();
			group.put("key", g.key());
			return counts(group, g.counts());
		}).toList());
		return answer;
	}

	@Operation(summary = "Email the notifications created in [from, to) as CSV, to recipients or the bot's "
			+ "reportRecipients; 422 when no SMTP server is configured for reports")
	@PostMapping(path = "/v1/bots/{botId}/reports/send", consumes = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.ACCEPTED)
	Map<String, Object> send(Caller caller, @PathVariable String botId, @RequestBody byte[] body) {
		this.access.bot(caller, botId);
		JsonNode root = JsonBody.object(this.json, body);
		Instant from = QueryParams.from("from", JsonBody.requiredText(root, "from", "from"));
		Instant to = QueryParams.to("to", JsonBody.requiredText(root, "to", "to"));
		List<String> recipients = JsonBody.stringOrArray(root, "recipients", "recipients");
		return view(this.runs.sendOnce(botId, from, to, recipients));
	}

	@Operation(summary = "The bot's emailed reports, newest first, with its schedule and next due time")
	@GetMapping("/v1/bots/{botId}/reports/runs")
	Map<String, Object> runs(Caller caller, @PathVariable String botId, @RequestParam(required = false) String page,
			@RequestParam(required = false) String limit) {
		Bot bot = this.access.bot(caller, botId);
		PageRequest paging = PageRequest.of(page, limit, 50, 500);
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("schedule", bot.reportSchedule());
		answer.put("recipients", bot.reportRecipients());
		answer.put("nextScheduledAt", this.runs.nextScheduledAt(bot).map(Times::iso).orElse(null));
		answer.put("total", this.runs.count(botId));
		answer.put("page", paging.page());
		answer.put("limit", paging.limit());
		answer.put("results",
				this.runs.list(botId, paging.limit(), paging.offset()).stream().map(ReportController::view).toList());
		return answer;
	}

	@GetMapping("/v1/bots/{botId}/reports/runs/{id}")
	Map<String, Object> run(Caller caller, @PathVariable String botId, @PathVariable UUID id) {
		this.access.bot(caller, botId);
		return view(
				this.runs.find(botId, id).orElseThrow(() -> ApiException.notFound("Report run " + id + " not found")));
	}

	private static Map<String, Object> counts(Map<String, Object> into, SummaryCounts c) {
		into.put("accepted", c.accepted());
		into.put("sent", c.sent());
		into.put("delivered", c.delivered());
		into.put("read", c.read());
		into.put("replied", c.replied());
		into.put("failed", c.failed());
		into.put("avgQueueMs", c.avgQueueMs());
		into.put("avgDeliveryMs", c.avgDeliveryMs());
		return into;
	}

	private static Map<String, Object> view(ReportRun run) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", run.id().toString());
		view.put("kind", run.kind().name());
		view.put("from", Times.iso(run.from()));
		view.put("to", Times.iso(run.to()));
		view.put("timezone", run.timezone().getId());
		view.put("recipients", run.recipients());
		view.put("status", run.status().name());
		view.put("attempts", run.attempts());
		view.put("rows", run.rows());
		view.put("createdAt", Times.iso(run.createdAt()));
		view.put("sentAt", Times.iso(run.sentAt()));
		view.put("nextAttemptAt", Times.iso(run.nextAttemptAt()));
		view.put("error", run.error());
		return view;
	}

}
