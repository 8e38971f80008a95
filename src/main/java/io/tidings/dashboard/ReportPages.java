package io.tidings.dashboard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

import io.tidings.bot.Bot;
import io.tidings.bot.BotSettings;
import io.tidings.bot.Bots;
import io.tidings.common.InvalidFieldException;
import io.tidings.report.ReportMailUnavailableException;
import io.tidings.report.ReportRuns;
import io.tidings.report.ReportSummaries;
import io.tidings.report.StatusCount;
import io.tidings.report.Summary;
import io.tidings.report.SummaryCounts;
import io.tidings.report.SummaryGroup;
import io.tidings.report.SummaryGrouping;

/**
 * Reports: the summary explorer (group by campaign, template, status, day or hour, with a
 * chart), the emailed CSV report's recipients and schedule (admin), a one-off report, and
 * the log of sent reports.
 */
@Controller
class ReportPages {

	private static final List<List<String>> SERIES = List.of(List.of("accepted", "Accepted"), List.of("sent", "Sent"),
			List.of("delivered", "Delivered"), List.of("read", "Read"), List.of("failed", "Failed"));

	private final ReportSummaries summaries;

	private final ReportRuns runs;

	private final Bots bots;

	private final ConsoleAccess access;

	ReportPages(ReportSummaries summaries, ReportRuns runs, Bots bots, ConsoleAccess access) {
		this.summaries = summaries;
		this.runs = runs;
		this.bots = bots;
		this.access = access;
	}

	@GetMapping("/console/bots/{botId}/reports")
	String page(@AuthenticationPrincipal ConsoleUser user, @PathVariable String botId,
			@RequestParam(defaultValue = "day") String groupBy, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to, Model model) {
		Bot bot = this.access.bot(user, botId);
		model.addAttribute("bot", bot);
		model.addAttribute("section", "reports");
		model.addAttribute("groupBy", groupBy);
		model.addAttribute("from", from);
		model.addAttribute("to", to);
		model.addAttribute("groupings", Arrays.stream(SummaryGrouping.values()).map(SummaryGrouping::wire).toList());
		try {
			model.addAttribute("summary", summarise(botId, groupBy, from, to));
		}
		catch (InvalidFieldException ex) {
			model.addAttribute("summaryError", ex.getMessage());
		}
		model.addAttribute("schedule", (bot.reportSchedule() != null) ? bot.reportSchedule() : Map.of());
		model.addAttribute("recipients", String.join(", ", bot.reportRecipients()));
		model.addAttribute("runs", this.runs.list(botId, 20, 0));
		model.addAttribute("nextScheduledAt", this.runs.nextScheduledAt(bot).orElse(null));
		return "console/reports";
	}

	@GetMapping("/console/bots/{botId}/reports/summary.json")
	@ResponseBody
	Map<String, Object> chart(@AuthenticationPrincipal ConsoleUser user, @PathVariable String botId,
			@RequestParam(defaultValue = "day") String groupBy, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to) {
		this.access.bot(user, botId);
		Summary summary = summarise(botId, groupBy, from, to);
		Map<String, Object> chart = new LinkedHashMap<>();
		chart.put("type", "bar");
		if (summary.groupBy() == SummaryGrouping.STATUS) {
			chart.put("series", List.of(List.of("count", "Notifications")));
			chart.put("labels", summary.statuses().stream().map((s) -> s.status().name()).toList());
			chart.put("count", summary.statuses().stream().map(StatusCount::count).toList());
		}
		else {
			chart.put("series", SERIES);
			chart.put("labels", summary.groups().stream().map((g) -> (g.key() != null) ? g.key() : "(none)").toList());
			for (List<String> series : SERIES) {
				List<Long> values = new ArrayList<>();
				for (SummaryGroup group : summary.groups()) {
					values.add(value(group.counts(), series.get(0)));
				}
				chart.put(series.get(0), values);
			}
		}
		return Map.of("chart", chart);
	}

	@PostMapping("/console/bots/{botId}/reports/settings")
	String settings(@AuthenticationPrincipal ConsoleUser user, @PathVariable String botId,
			@RequestParam(required = false) String recipients, @RequestParam(defaultValue = "off") String frequency,
			@RequestParam(required = false) String dayOfWeek, @RequestParam(required = false) String time,
			@RequestParam(required = false) String timezone, Model model) {
		this.access.admin(user);
		this.access.bot(user, botId);
		Map<String, Object> schedule = new LinkedHashMap<>();
		schedule.put("frequency", frequency);
		if ("weekly".equalsIgnoreCase(frequency) && dayOfWeek != null && !dayOfWeek.isBlank()) {
			schedule.put("dayOfWeek", dayOfWeek);
		}
		if (!"off".equalsIgnoreCase(frequency)) {
			putIfPresent(schedule, "time", time);
			putIfPresent(schedule, "timezone", timezone);
		}
		try {
			this.bots.update(botId,
					new BotSettings(null, null, null, null, null, null, null, addresses(recipients), schedule, null));
		}
		catch (InvalidFieldException ex) {
			model.addAttribute("settingsError", ex.getMessage());
			return page(user, botId, "day", null, null, model);
		}
		return "redirect:/console/bots/" + botId + "/reports";
	}

	@PostMapping("/console/bots/{botId}/reports/send")
	String sendOnce(@AuthenticationPrincipal ConsoleUser user, @PathVariable String botId,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			@RequestParam(required = false) String recipients, Model model) {
		Bot bot = this.access.bot(user, botId);
		try {
			Instant start = ConsoleFilter.day("from", from);
			Instant end = ConsoleFilter.day("to", to);
			if (start == null || end == null) {
				throw new InvalidFieldException((start == null) ? "from" : "to", "from and to are required");
			}
			List<String> chosen = addresses(recipients);
			this.runs.sendOnce(botId, start, end.plusSeconds(86_400),
					chosen.isEmpty() ? bot.reportRecipients() : chosen);
		}
		catch (InvalidFieldException | ReportMailUnavailableException ex) {
			model.addAttribute("sendError", ex.getMessage());
			return page(user, botId, "day", null, null, model);
		}
		return "redirect:/console/bots/" + botId + "/reports";
	}

	private Summary summarise(String botId, String groupBy, String from, String to) {
		SummaryGrouping grouping = SummaryGrouping.fromWire(groupBy)
			.orElseThrow(() -> new InvalidFieldException("groupBy",
					"groupBy must be campaign, template, status, day or hour"));
		Instant end = ConsoleFilter.day("to", to);
		return this.summaries.summarise(botId, grouping, ConsoleFilter.day("from", from),
				(end != null) ? end.plusSeconds(86_400) : null);
	}

	private static long value(SummaryCounts counts, String name) {
		return switch (name) {
			case "accepted" -> counts.accepted();
			case "sent" -> counts.sent();
			case "delivered" -> counts.delivered();
			case "read" -> counts.read();
			default -> counts.failed();
		};
	}

	private static List<String> addresses(String text) {
		List<String> addresses = new ArrayList<>();
		if (text != null) {
			for (String part : text.split("[,;\\s]+")) {
				if (!part.isBlank()) {
					addresses.add(part.strip());
				}
			}
		}
		return addresses;
	}

	private static void putIfPresent(Map<String, Object> map, String key, String value) {
		if (value != null && !value.isBlank()) {
			map.put(key, value.strip());
		}
	}

}
