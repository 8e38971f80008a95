package io.tidings.dashboard;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

import io.tidings.campaign.Campaign;
import io.tidings.campaign.CampaignDraft;
import io.tidings.campaign.CampaignException;
import io.tidings.campaign.Campaigns;
import io.tidings.common.Origin;
import io.tidings.notification.DeliveryCounts;
import io.tidings.notification.NotificationFilter;
import io.tidings.notification.StatisticsQueries;
import io.tidings.recipient.Buckets;
import io.tidings.report.ReportSummaries;
import io.tidings.report.SummaryCounts;
import io.tidings.report.SummaryGroup;
import io.tidings.report.SummaryGrouping;
import io.tidings.template.Templates;

/**
 * Campaigns: the list with live progress, a campaign's stats and hourly chart, creating
 * one from a template and a bucket, and pause / resume / cancel.
 */
@Controller
class CampaignPages {

	private final Campaigns campaigns;

	private final Templates templates;

	private final Buckets buckets;

	private final StatisticsQueries statistics;

	private final ReportSummaries summaries;

	private final ConsoleAccess access;

	CampaignPages(Campaigns campaigns, Templates templates, Buckets buckets, StatisticsQueries statistics,
			ReportSummaries summaries, ConsoleAccess access) {
		this.campaigns = campaigns;
		this.templates = templates;
		this.buckets = buckets;
		this.statistics = statistics;
		this.summaries = summaries;
		this.access = access;
	}

	@GetMapping("/console/bots/{botId}/campaigns")
	String list(@AuthenticationPrincipal ConsoleUser user, @PathVariable String botId, Model model) {
		model.addAttribute("bot", this.access.bot(user, botId));
		return listPage(botId, null, model);
	}

	@GetMapping("/console/bots/{botId}/campaigns/rows")
	String rows(@AuthenticationPrincipal ConsoleUser user, @PathVariable String botId, Model model) {
		model.addAttribute("bot", this.access.bot(user, botId));
		model.addAttribute("rows", rows(botId));
		return "console/campaigns :: rows";
	}

	@PostMapping("/console/bots/{botId}/campaigns")
	String create(@AuthenticationPrincipal ConsoleUser user, @PathVariable String botId, @RequestParam String name,
			@RequestParam(required = false) Long templateId, @RequestParam(required = false) Long bucketId,
			@RequestParam(required = false) String scheduledAt, @RequestParam(required = false) Integer ratePerSecond,
			Model model) {
		model.addAttribute("bot", this.access.bot(user, botId));
		try {
			if (templateId == null) {
				throw new CampaignException(CampaignException.Reason.INVALID, "templateId: choose a template");
			}
			if (bucketId == null) {
				throw new CampaignException(CampaignException.Reason.INVALID, "bucketId: choose a bucket");
			}
			CampaignDraft draft = new CampaignDraft(name, templateId, null, null, bucketId, null, when(scheduledAt),
					ratePerSecond, Origin.CAMPAIGN, user.label());
			Campaign campaign = this.campaigns.create(botId, draft, 0).campaign();
			return "redirect:/console/bots/" + botId + "/campaigns/" + campaign.id();
		}
		catch (CampaignException ex) {
			return listPage(botId, ex.getMessage(), model);
		}
	}

	@GetMapping("/console/bots/{botId}/campaigns/{id}")
	String detail(@AuthenticationPrincipal ConsoleUser user, @PathVariable String botId, @PathVariable long id,
			Model model) {
		model.addAttribute("bot", this.access.bot(user, botId));
		model.addAttribute("section", "campaigns");
		model.addAttribute("live", live(botId, find(botId, id)));
		return "console/campaign";
	}

	@GetMapping("/console/bots/{botId}/campaigns/{id}/live.json")
	@ResponseBody
	Map<String, Object> liveJson(@AuthenticationPrincipal ConsoleUser user, @PathVariable String botId,
			@PathVariable long id) {
		this.access.bot(user, botId);
		Map<String, Object> live = live(botId, find(botId, id));
		live.remove("campaign");
		return live;
	}

	@PostMapping("/console/bots/{botId}/campaigns/{id}/{action:pause|resume|cancel}")
	String act(@AuthenticationPrincipal ConsoleUser user, @PathVariable String botId, @PathVariable long id,
			@PathVariable String action, Model model) {
		model.addAttribute("bot", this.access.bot(user, botId));
		try {
			switch (action) {
				case "pause" -> this.campaigns.pause(botId, id);
				case "resume" -> this.campaigns.resume(botId, id);
				default -> this.campaigns.cancel(botId, id);
			}
		}
		catch (CampaignException ex) {
			model.addAttribute("error", ex.getMessage());
			return detail(user, botId, id, model);
		}
		return "redirect:/console/bots/" + botId + "/campaigns/" + id;
	}

	private String listPage(String botId, String error, Model model) {
		model.addAttribute("section", "campaigns");
		model.addAttribute("rows", rows(botId));
		model.addAttribute("templates", this.templates.list(botId, 500, 0));
		model.addAttribute("buckets", this.buckets.list(botId, 500, 0));
		model.addAttribute("error", error);
		return "console/campaigns";
	}

	private List<CampaignRow> rows(String botId) {
		List<Campaign> list = this.campaigns.list(botId, 50, 0);
		if (list.isEmpty()) {
			return List.of();
		}
		// one grouped rollup query for the page, from the oldest campaign's first hour
		Instant oldest = list.stream().map(Campaign::createdAt).min(Instant::compareTo).orElseThrow();
		Map<String, SummaryCounts> byCampaign = new HashMap<>();
		for (SummaryGroup group : this.summaries
			.summarise(botId, SummaryGrouping.CAMPAIGN, oldest.truncatedTo(ChronoUnit.HOURS), null)
			.groups()) {
			if (group.key() != null) {
				byCampaign.put(group.key(), group.counts());
			}
		}
		List<CampaignRow> rows = new ArrayList<>(list.size());
		for (Campaign c : list) {
			SummaryCounts counts = byCampaign.get(Long.toString(c.id()));
			rows.add(
					new CampaignRow(c, (counts != null) ? counts.sent() : 0, (counts != null) ? counts.accepted() : 0));
		}
		return rows;
	}

	private Map<String, Object> live(String botId, Campaign campaign) {
		String key = Long.toString(campaign.id());
		SortedMap<Instant, DeliveryCounts> hours = this.statistics.hourly(botId, key, null, null);
		DeliveryCounts total = StatisticsQueries.total(hours.values());
		Map<String, Object> live = new LinkedHashMap<>(
				Charts.funnel(this.statistics.stats(botId, new NotificationFilter(key, null, null, null))));
		live.put("campaign", campaign);
		live.put("status", campaign.status().name());
		live.put("queued", campaign.queued());
		live.put("total", campaign.total());
		live.put("sent", total.sent());
		live.put("queueDepth", this.statistics.queued(botId, campaign.id()).count());
		live.put("avgQueueTime", Charts.seconds(total.averageQueueSeconds()));
		live.put("avgDeliveryTime", Charts.seconds(total.averageDeliverySeconds()));
		Instant start = hours.isEmpty() ? campaign.createdAt().truncatedTo(ChronoUnit.HOURS) : hours.firstKey();
		Instant end = hours.isEmpty() ? start : hours.lastKey();
		int span = (int) Math.min(24 * 14, Math.max(1, ChronoUnit.HOURS.between(start, end) + 1));
		live.put("hourly", Charts.hourly(hours, start, span));
		return live;
	}

	private Campaign find(String botId, long id) {
		return this.campaigns.find(botId, id)
			.orElseThrow(() -> new PageNotFoundException("Campaign " + id + " not found"));
	}

	private static Instant when(String scheduledAt) {
		if (scheduledAt == null || scheduledAt.isBlank()) {
			return null;
		}
		try {
			return LocalDateTime.parse(scheduledAt.strip()).toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeParseException ex) {
			throw new CampaignException(CampaignException.Reason.INVALID, "scheduledAt must be a date and time (UTC)");
		}
	}

	/**
	 * A campaign with how many of its messages went out.
	 */
	public record CampaignRow(Campaign campaign, long sent, long submitted) {
	}

}
