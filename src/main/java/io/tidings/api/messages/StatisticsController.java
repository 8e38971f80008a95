package io.tidings.api.messages;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import io.tidings.api.ApiException;
import io.tidings.api.CampaignViews;
import io.tidings.api.Times;
import io.tidings.bot.Bot;
import io.tidings.bot.Caller;
import io.tidings.campaign.Campaigns;
import io.tidings.notification.DeliveryCounts;
import io.tidings.notification.StatisticsQueries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/statistics/hourly} (seed 003, API.md §6): a day's counts by hour of
 * creation, from the rollups, with queue and delivery times; and Squad's statistics paths
 * (§12), over the same rollups.
 */
@RestController
@Tag(name = "Messages surface")
class StatisticsController {

	private static final DeliveryCounts NONE = new DeliveryCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

	private final StatisticsQueries statistics;

	private final Campaigns campaigns;

	private final MessagesCaller callers;

	private final Clock clock;

	StatisticsController(StatisticsQueries statistics, Campaigns campaigns, MessagesCaller callers, Clock clock) {
		this.statistics = statistics;
		this.campaigns = campaigns;
		this.callers = callers;
		this.clock = clock;
	}

	@GetMapping("/api/v1/statistics/hourly")
	Map<String, Object> hourly(Caller caller, @RequestParam(required = false) String date,
			@RequestParam(name = "campaign_id", required = false) String campaignId) {
		return hourly(this.callers.bot(caller), date, campaignId);
	}

	@Operation(summary = "Squad's hourly statistics: GET /api/v1/statistics/hourly for the client in the path")
	@GetMapping("/service/message.summary/hourly-statistics/by-client/{clientId}")
	Map<String, Object> hourlyByClient(Caller caller, @PathVariable String clientId,
			@RequestParam(required = false) String date,
			@RequestParam(name = "campaign_id", required = false) String campaignId) {
		return hourly(this.callers.bot(caller, clientId), date, campaignId);
	}

	@Operation(summary = "Squad's totals of every message of the client: submitted, invalid, sent, absent, failed, "
			+ "delivered, deliveryFailed")
	@GetMapping("/service/message/statistics/by-client/{clientId}")
	Map<String, Object> totalsByClient(Caller caller, @PathVariable String clientId) {
		Bot bot = this.callers.bot(caller, clientId);
		return Envelope.of("statistics retrieved successfully", totals(bot, null));
	}

	@Operation(summary = "Squad's totals of one campaign's messages")
	@GetMapping("/service/message/statistics/by-campaign/{id}")
	Map<String, Object> totalsByCampaign(Caller caller, @PathVariable String id) {
		Bot bot = this.callers.bot(caller);
		return Envelope.of("statistics retrieved successfully", totals(bot, campaign(bot, id)));
	}

	private Map<String, Object> totals(Bot bot, Long campaign) {
		DeliveryCounts c = StatisticsQueries.total(
				this.statistics.hourly(bot.id(), (campaign != null) ? campaign.toString() : null, null, null).values());
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("submitted", c.submitted());
		data.put("invalid", c.invalid());
		data.put("sent", c.sent());
		data.put("absent", c.absent());
		data.put("failed", c.failed());
		data.put("delivered", c.successful());
		data.put("deliveryFailed", c.failed() + c.absent());
		return data;
	}

	private Long campaign(Bot bot, String campaignId) {
		if (!campaignId.strip().matches("[0-9]{1,18}")) {
			throw ApiException.badRequest("campaign_id must be a numeric id");
		}
		long id = Long.parseLong(campaignId.strip());
		this.campaigns.find(bot.id(), id).orElseThrow(() -> ApiException.notFound("Campaign " + id + " not found"));
		return id;
	}

	private Map<String, Object> hourly(Bot bot, String date, String campaignId) {
		LocalDate day = day(date);
		Long campaign = (campaignId != null && !campaignId.isBlank()) ? campaign(bot, campaignId) : null;
		Instant start = day.atStartOfDay().toInstant(ZoneOffset.UTC);
		SortedMap<Instant, DeliveryCounts> hours = this.statistics.hourly(bot.id(),
				(campaign != null) ? campaign.toString() : null, start, start.plusSeconds(86_400));
		DeliveryCounts total = StatisticsQueries.total(hours.values());
		StatisticsQueries.Queued queued = this.statistics.queued(bot.id(), campaign);
		Map<String, Object> data = new LinkedHashMap<>(CampaignViews.counts(total));
		data.put("avg_queue_time", CampaignViews.seconds(total.averageQueueSeconds()));
		data.put("avg_delivery_time", CampaignViews.seconds(total.averageDeliverySeconds()));
		data.put("oldest_on_queue", (queued.count() > 0) ? Times.iso(queued.oldestCreatedAt()) : null);
		data.put("queue_count", (queued.count() > 0) ? queued.count() : null);
		List<Map<String, Object>> detail = new ArrayList<>(24);
		for (int hour = 0; hour < 24; hour++) {
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("hour", String.format("%02d:00", hour));
			row.putAll(CampaignViews.counts(hours.getOrDefault(start.plusSeconds(hour * 3600L), NONE)));
			detail.add(row);
		}
		data.put("detail", detail);
		return Envelope.of("hourly statistics retrieved successfully", data);
	}

	private LocalDate day(String date) {
		if (date == null || date.isBlank()) {
			return LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC);
		}
		try {
			return LocalDate.parse(date.strip());
		}
		catch (DateTimeParseException ex) {
			throw ApiException.badRequest("date must be YYYY-MM-DD");
		}
	}

}
