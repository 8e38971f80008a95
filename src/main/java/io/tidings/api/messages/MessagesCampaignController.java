package io.tidings.api.messages;

import java.util.LinkedHashMap;
import java.util.Map;

import io.tidings.api.ApiException;
import io.tidings.api.PageRequest;
import io.tidings.api.Times;
import io.tidings.bot.Bot;
import io.tidings.bot.Caller;
import io.tidings.campaign.Campaign;
import io.tidings.campaign.Campaigns;
import io.tidings.notification.NotificationFilter;
import io.tidings.notification.NotificationQueries;
import io.tidings.notification.StatisticsQueries;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Campaigns on the Messages surface (seed 003): the list, and one campaign's messages.
 */
@RestController
@Tag(name = "Messages surface")
class MessagesCampaignController {

	private final Campaigns campaigns;

	private final NotificationQueries queries;

	private final StatisticsQueries statistics;

	private final MessagesCaller callers;

	MessagesCampaignController(Campaigns campaigns, NotificationQueries queries, StatisticsQueries statistics,
			MessagesCaller callers) {
		this.campaigns = campaigns;
		this.queries = queries;
		this.statistics = statistics;
		this.callers = callers;
	}

	@GetMapping("/api/v1/campaigns")
	Map<String, Object> list(Caller caller, @RequestParam(required = false) String page,
			@RequestParam(required = false) String limit, @RequestParam(required = false) String count) {
		Bot bot = this.callers.bot(caller);
		PageRequest paging = PageRequest.of(page, limit, count, 50, 500);
		return Envelope.list("campaigns retrieved successfully",
				this.campaigns.list(bot.id(), paging.limit(), paging.offset())
					.stream()
					.map((c) -> item(c, bot))
					.toList(),
				this.campaigns.count(bot.id()));
	}

	@Operation(summary = "A campaign's messages (Squad: GET /service/message/campaign/messages/by-campaign/{id})")
	@GetMapping({ "/api/v1/campaigns/{id}/messages", "/service/message/campaign/messages/by-campaign/{id}" })
	Map<String, Object> messages(Caller caller, @PathVariable long id, @RequestParam(required = false) String page,
			@RequestParam(required = false) String limit, @RequestParam(required = false) String count) {
		Bot bot = this.callers.bot(caller);
		PageRequest paging = PageRequest.of(page, limit, count, 50, 500);
		this.campaigns.find(bot.id(), id).orElseThrow(() -> ApiException.notFound("Campaign " + id + " not found"));
		NotificationFilter filter = new NotificationFilter(Long.toString(id), null, null, null);
		return Envelope.of("campaign messages retrieved successfully",
				MessageViews.page(this.queries.list(bot.id(), filter, paging.limit(), paging.offset()),
						this.statistics.stats(bot.id(), filter).total(), bot));
	}

	private static Map<String, Object> item(Campaign c, Bot bot) {
		Map<String, Object> item = new LinkedHashMap<>();
		item.put("id", c.id());
		item.put("name", c.name());
		item.put("client_id", bot.clientId());
		item.put("template_id", c.templateId());
		item.put("bucket_id", c.bucketId());
		item.put("total", c.total());
		item.put("created_at", Times.iso(c.createdAt()));
		item.put("created_by", c.createdBy());
		item.put("status", c.status().name());
		return item;
	}

}
