package io.tidings.api.messages;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tidings.api.ApiException;
import io.tidings.api.JsonBody;
import io.tidings.api.PageRequest;
import io.tidings.api.RateLimits;
import io.tidings.api.SendErrors;
import io.tidings.bot.Bot;
import io.tidings.bot.Caller;
import io.tidings.campaign.Campaign;
import io.tidings.campaign.CampaignDraft;
import io.tidings.campaign.Campaigns;
import io.tidings.common.CallbackFormat;
import io.tidings.common.Channel;
import io.tidings.common.Origin;
import io.tidings.common.PhoneNumber;
import io.tidings.notification.AcceptResult;
import io.tidings.notification.NotificationAcceptor;
import io.tidings.notification.NotificationQueries;
import io.tidings.notification.SendRejectedException;
import io.tidings.notification.SendRequest;
import io.tidings.template.Template;
import io.tidings.template.Templates;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/messages} (seed 003, API.md §6): to a bucket or to listed numbers,
 * a template or a text, as a campaign or not; and a number's message history.
 */
@RestController
@Tag(name = "Messages surface")
class MessagesController {

	private static final int FIRST_IDS = 1000;

	private static final SendErrors ERRORS = new SendErrors("recipients", "body", "body");

	private final NotificationAcceptor acceptor;

	private final NotificationQueries queries;

	private final Campaigns campaigns;

	private final Templates templates;

	private final MessagesCaller callers;

	private final RateLimits rateLimits;

	private final JsonMapper json;

	MessagesController(NotificationAcceptor acceptor, NotificationQueries queries, Campaigns campaigns,
			Templates templates, MessagesCaller callers, RateLimits rateLimits, JsonMapper json) {
		this.acceptor = acceptor;
		this.queries = queries;
		this.campaigns = campaigns;
		this.templates = templates;
		this.callers = callers;
		this.rateLimits = rateLimits;
		this.json = json;
	}

	@Operation(summary = "Send a template or a text to a bucket or to numbers, optionally as a campaign")
	@PostMapping(path = "/api/v1/messages", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> send(Caller caller, @RequestBody byte[] body) {
		Bot bot = this.callers.bot(caller);
		JsonNode root = JsonBody.object(this.json, body);
		boolean isCampaign = Boolean.TRUE.equals(JsonBody.optionalBoolean(root, "is_campaign", "is_campaign"));
		boolean useBucket = Boolean.TRUE.equals(JsonBody.optionalBoolean(root, "use_bucket", "use_bucket"));
		boolean useTemplate = Boolean.TRUE.equals(JsonBody.optionalBoolean(root, "use_template", "use_template"));
		String reference = JsonBody.optionalText(root, "reference", "reference");
		String recipients = JsonBody.requiredText(root, "recipients", "recipients");
		String content = JsonBody.requiredText(root, "body", "body");
		String sender = JsonBody.optionalText(root, "sender", "sender");
		if (isCampaign && (reference == null || reference.isBlank())) {
			throw ApiException.missing("reference");
		}
		Template template = useTemplate ? template(bot, content) : null;
		Channel channel = (template != null) ? template.channel() : Channel.SMS;
		List<String> numbers = useBucket ? List.of() : numbers(recipients);
		HttpHeaders headers = this.rateLimits.acquire(bot, useBucket ? 1 : numbers.size());
		Map<String, Object> data = useBucket
				? toBucket(bot, isCampaign, reference, id(recipients, "recipients"), template, content, sender)
				: toNumbers(bot, isCampaign, reference, numbers, template, channel, content, sender, body);
		return ResponseEntity.status(HttpStatus.ACCEPTED)
			.headers(headers)
			.body(Envelope.of("messages queued successfully", data));
	}

	@GetMapping("/api/v1/messages/phone/{phone}")
	Map<String, Object> byPhone(Caller caller, @PathVariable String phone, @RequestParam(required = false) String page,
			@RequestParam(required = false) String limit) {
		Bot bot = this.callers.bot(caller);
		PageRequest paging = PageRequest.of(page, limit, 50, 500);
		String destination = PhoneNumber.parse(phone, bot.defaultCountryCode())
			.map(PhoneNumber::digits)
			.orElseThrow(() -> ApiException.badRequest("phone is not a valid phone number"));
		return Envelope.of("phone messages retrieved successfully",
				MessageViews.page(this.queries.byDestination(bot.id(), destination, paging.limit(), paging.offset()),
						this.queries.countByDestination(bot.id(), destination), bot));
	}

	private Map<String, Object> toBucket(Bot bot, boolean isCampaign, String reference, long bucketId,
			Template template, String text, String sender) {
		Long templateId = (template != null) ? template.id() : null;
		if (isCampaign) {
			Campaign existing = this.campaigns.unfinishedNamed(bot.id(), reference).orElse(null);
			if (existing != null) {
				if (existing.bucketId() == null || existing.bucketId() != bucketId
						|| !java.util.Objects.equals(existing.templateId(), templateId)) {
					throw new ApiException(HttpStatus.CONFLICT, 100, "campaign " + reference
							+ " is still running with another bucket or template; wait for it or use another reference");
				}
				return answer(existing.id(), existing.total(), List.of());
			}
		}
		CampaignDraft draft = new CampaignDraft(isCampaign ? reference : "bulk-" + bucketId, templateId,
				(template == null) ? text : null, (template == null) ? Channel.SMS : null, bucketId, sender, null, null,
				isCampaign ? Origin.CAMPAIGN : Origin.BULK, bot.id());
		Campaigns.Started started = this.campaigns.create(bot.id(), draft, FIRST_IDS);
		return answer(isCampaign ? started.campaign().id() : null, started.campaign().total(), started.firstIds());
	}

	private Map<String, Object> toNumbers(Bot bot, boolean isCampaign, String reference, List<String> numbers,
			Template template, Channel channel, String text, String sender, byte[] body) {
		Campaign campaign = isCampaign ? this.campaigns.directCampaign(bot.id(), reference, channel,
				(template != null) ? template.id() : null, (template != null) ? template.name() : null, text, sender)
				: null;
		Origin origin = isCampaign ? Origin.CAMPAIGN : (numbers.size() > 1) ? Origin.BULK : Origin.API;
		String request = new String(body, StandardCharsets.UTF_8);
		List<SendRequest> requests = new ArrayList<>(numbers.size());
		for (String number : numbers) {
			requests.add(new SendRequest(bot.id(), channel, origin, null, number, null, null, sender,
					(template != null) ? template.name() : null, Map.of(), null, null, null,
					(campaign != null) ? Long.toString(campaign.id()) : null, null, null, request, null, null,
					(template == null) ? text : null));
		}
		List<AcceptResult> results;
		try {
			results = this.acceptor.acceptAll(requests);
		}
		catch (SendRejectedException ex) {
			throw ERRORS.toApi(ex);
		}
		if (campaign != null) {
			this.campaigns.addDirect(campaign.id(), results.size());
		}
		List<UUID> ids = results.stream().map(AcceptResult::id).limit(FIRST_IDS).toList();
		return answer((campaign != null) ? campaign.id() : null, results.size(), ids);
	}

	private static Map<String, Object> answer(Long campaignId, long total, List<UUID> ids) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("campaign_id", campaignId);
		data.put("total", total);
		data.put("message_ids", ids.stream().map(UUID::toString).toList());
		return data;
	}

	private Template template(Bot bot, String id) {
		Template template = this.templates.get(bot.id(), id(id, "body"))
			.orElseThrow(() -> ApiException.notFound("Template " + id + " not found"));
		if (template.status() != io.tidings.template.TemplateStatus.APPROVED) {
			throw ApiException.unprocessable(1443, "Template " + template.name() + " is " + template.status());
		}
		return template;
	}

	private static List<String> numbers(String recipients) {
		List<String> numbers = new ArrayList<>();
		for (String part : recipients.split(",")) {
			if (!part.isBlank()) {
				numbers.add(part.strip());
			}
		}
		if (numbers.isEmpty()) {
			throw ApiException.missing("recipients");
		}
		if (numbers.size() > 10_000) {
			throw ApiException.badRequest("recipients lists at most 10000 numbers; use a bucket for more");
		}
		return numbers;
	}

	private static long id(String value, String field) {
		if (!value.strip().matches("[0-9]{1,18}")) {
			throw ApiException.badRequest(field + " must be a numeric id");
		}
		return Long.parseLong(value.strip());
	}

}
