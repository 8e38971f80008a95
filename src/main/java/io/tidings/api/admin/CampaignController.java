package io.tidings.api.admin;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tidings.api.Access;
import io.tidings.api.ApiException;
import io.tidings.api.CampaignViews;
import io.tidings.api.JsonBody;
import io.tidings.api.PageRequest;
import io.tidings.api.QueryParams;
import io.tidings.api.Times;
import io.tidings.api.jelou.JelouStats;
import io.tidings.bot.Caller;
import io.tidings.campaign.Campaign;
import io.tidings.campaign.CampaignDraft;
import io.tidings.campaign.Campaigns;
import io.tidings.common.Origin;
import io.tidings.notification.DeliveryCounts;
import io.tidings.notification.NotificationFilter;
import io.tidings.notification.NotificationStats;
import io.tidings.notification.StatisticsQueries;
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
 * A bot's campaigns (API.md §7): create from template + bucket, list, progress, pause,
 * resume, cancel, statistics.
 */
@RestController
@Tag(name = "Campaigns")
class CampaignController {

	private final Campaigns campaigns;

	private final StatisticsQueries statistics;

	private final Access access;

	private final JsonMapper json;

	CampaignController(Campaigns campaigns, StatisticsQueries statistics, Access access, JsonMapper json) {
		this.campaigns = campaigns;
		this.statistics = statistics;
		this.access = access;
		this.json = json;
	}

	@PostMapping(path = "/v1/bots/{botId}/campaigns", consumes = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> create(Caller caller, @PathVariable String botId, @RequestBody byte[] body) {
		this.access.bot(caller, botId);
		JsonNode root = JsonBody.object(this.json, body);
		String scheduled = JsonBody.optionalText(root, "scheduledAt", "scheduledAt");
		Instant scheduledAt = QueryParams.from("scheduledAt", scheduled);
		CampaignDraft draft = new CampaignDraft(JsonBody.requiredText(root, "name", "name"),
				longField(root, "templateId"), null, null, longField(root, "bucketId"),
				JsonBody.optionalText(root, "sender", "sender"), scheduledAt,
				JsonBody.optionalInt(root, "ratePerSecond", "ratePerSecond"), Origin.CAMPAIGN,
				caller.isAdmin() ? "admin" : botId);
		return CampaignViews.campaign(this.campaigns.create(botId, draft, 0).campaign());
	}

	@GetMapping("/v1/bots/{botId}/campaigns")
	List<Map<String, Object>> list(Caller caller, @PathVariable String botId,
			@RequestParam(required = false) String page, @RequestParam(required = false) String limit) {
		this.access.bot(caller, botId);
		PageRequest paging = PageRequest.of(page, limit, 50, 500);
		return this.campaigns.list(botId, paging.limit(), paging.offset())
			.stream()
			.map(CampaignViews::campaign)
			.toList();
	}

	@GetMapping("/v1/bots/{botId}/campaigns/{id}")
	Map<String, Object> get(Caller caller, @PathVariable String botId, @PathVariable long id) {
		this.access.bot(caller, botId);
		return CampaignViews.campaign(find(botId, id));
	}

	@PostMapping("/v1/bots/{botId}/campaigns/{id}/pause")
	Map<String, Object> pause(Caller caller, @PathVariable String botId, @PathVariable long id) {
		this.access.bot(caller, botId);
		return CampaignViews.campaign(this.campaigns.pause(botId, id));
	}

	@PostMapping("/v1/bots/{botId}/campaigns/{id}/resume")
	Map<String, Object> resume(Caller caller, @PathVariable String botId, @PathVariable long id) {
		this.access.bot(caller, botId);
		return CampaignViews.campaign(this.campaigns.resume(botId, id));
	}

	@PostMapping("/v1/bots/{botId}/campaigns/{id}/cancel")
	Map<String, Object> cancel(Caller caller, @PathVariable String botId, @PathVariable long id) {
		this.access.bot(caller, botId);
		return CampaignViews.campaign(this.campaigns.cancel(botId, id));
	}

	@GetMapping("/v1/bots/{botId}/campaigns/{id}/stats")
	Map<String, Object> stats(Caller caller, @PathVariable String botId, @PathVariable long id) {
		this.access.bot(caller, botId);
		Campaign campaign = find(botId, id);
		String key = Long.toString(id);
		NotificationStats stats = this.statistics.stats(botId, new NotificationFilter(key, null, null, null));
		DeliveryCounts counts = StatisticsQueries.total(this.statistics.hourly(botId, key, null, null).values());
		StatisticsQueries.Queued queued = this.statistics.queued(botId, id);
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("campaign", CampaignViews.campaign(campaign));
		view.put("stats", JelouStats.stats(stats));
		view.put("performance", JelouStats.performance(stats));
		view.putAll(CampaignViews.counts(counts));
		view.put("avg_queue_time", CampaignViews.seconds(counts.averageQueueSeconds()));
		view.put("avg_delivery_time", CampaignViews.seconds(counts.averageDeliverySeconds()));
		view.put("oldest_on_queue", Times.iso(queued.oldestCreatedAt()));
		view.put("queue_count", queued.count());
		return view;
	}

	private Campaign find(String botId, long id) {
		return this.campaigns.find(botId, id).orElseThrow(() -> ApiException.notFound("Campaign " + id + " not found"));
	}

	private static Long longField(JsonNode root, String name) {
		JsonNode node = root.get(name);
		if (node == null || node.isNull()) {
			throw ApiException.missing(name);
		}
		if (node.isIntegralNumber()) {
			return node.longValue();
		}
		if (node.isString() && node.asString().matches("[0-9]{1,18}")) {
			return Long.parseLong(node.asString());
		}
		throw ApiException.badRequest(name + " must be a numeric id");
	}

}
