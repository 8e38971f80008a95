package io.tidings.api.messages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import io.tidings.api.ApiException;
import io.tidings.api.SendErrors;
import io.tidings.bot.Bot;
import io.tidings.campaign.Campaign;
import io.tidings.campaign.CampaignDraft;
import io.tidings.campaign.Campaigns;
import io.tidings.common.Channel;
import io.tidings.common.DatabaseFailures;
import io.tidings.common.Origin;
import io.tidings.common.TimeOrderedId;
import io.tidings.notification.AcceptResult;
import io.tidings.notification.NotificationAcceptor;
import io.tidings.notification.NotificationQueries;
import io.tidings.notification.SendRejectedException;
import io.tidings.notification.SendRequest;
import io.tidings.template.Template;
import io.tidings.template.TemplateStatus;
import io.tidings.template.Templates;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Carries out a {@link MessageOrder} for the §6 path and its Squad alias alike: to a
 * bucket through a campaign run, or to listed numbers one notification each; every send
 * gets a batch id that finds its messages again.
 */
@Component
class MessageSends {

	private static final int FIRST_IDS = 1000;

	private static final SendErrors ERRORS = new SendErrors("recipients", "body", "body");

	private final NotificationAcceptor acceptor;

	private final Campaigns campaigns;

	private final Templates templates;

	private final NotificationQueries queries;

	private final TransactionTemplate transactions;

	MessageSends(NotificationAcceptor acceptor, Campaigns campaigns, Templates templates, NotificationQueries queries,
			TransactionTemplate transactions) {
		this.queries = queries;
		this.transactions = transactions;
		this.acceptor = acceptor;
		this.campaigns = campaigns;
		this.templates = templates;
	}

	/**
	 * How many sends the order takes from the bot's rate limit.
	 */
	static int cost(MessageOrder order) {
		return order.useBucket() ? 1 : numbers(order.recipients()).size();
	}

	Sent send(Bot bot, MessageOrder order) {
		Template template = order.useTemplate() ? template(bot, order.body()) : null;
		return order.useBucket() ? toBucket(bot, order, id(order.recipients(), "recipients"), template)
				: toNumbers(bot, order, numbers(order.recipients()), template);
	}

	private Sent toBucket(Bot bot, MessageOrder order, long bucketId, Template template) {
		CampaignDraft draft = new CampaignDraft(order.isCampaign() ? order.reference() : "bulk-" + bucketId,
				(template != null) ? template.id() : null, (template == null) ? order.body() : null,
				(template == null) ? Channel.SMS : null, bucketId, order.sender(), null, null,
				order.isCampaign() ? Origin.CAMPAIGN : Origin.BULK, bot.id());
		Campaigns.Started started = order.isCampaign() ? this.campaigns.createOrReuse(bot.id(), draft, FIRST_IDS)
				: this.campaigns.create(bot.id(), draft, FIRST_IDS);
		long run = started.campaign().id();
		return new Sent(order.isCampaign() ? run : null, Long.toString(run), started.campaign().total(),
				started.firstIds());
	}

	/**
	 * The numbers' notifications and the campaign they join, in one transaction: a number
	 * refused, or a database lost, after the first stores none of them (nor the
	 * campaign); a commit cut off by a lost connection is answered with what the database
	 * says once it answers.
	 */
	private Sent toNumbers(Bot bot, MessageOrder order, List<String> numbers, Template template) {
		String batch = TimeOrderedId.next().toString();
		AtomicReference<Sent> written = new AtomicReference<>();
		try {
			return this.transactions.execute((tx) -> {
				written.set(toNumbers(bot, order, numbers, template, batch));
				return written.get();
			});
		}
		catch (SendRejectedException ex) {
			throw ERRORS.toApi(ex);
		}
		catch (RuntimeException ex) {
			if (!DatabaseFailures.unreachable(ex)) {
				throw ex;
			}
			if (written.get() != null && !DatabaseFailures.neverStarted(ex) && committed(bot, written.get())) {
				return written.get();
			}
			throw ERRORS.toApi(new SendRejectedException(SendRejectedException.Reason.OVERLOADED, "database"));
		}
	}

	private Sent toNumbers(Bot bot, MessageOrder order, List<String> numbers, Template template, String batchId) {
		Channel channel = (template != null) ? template.channel() : Channel.SMS;
		Campaign campaign = order.isCampaign() ? this.campaigns.directCampaign(bot.id(), order.reference(), channel,
				(template != null) ? template.id() : null, (template != null) ? template.name() : null, order.body(),
				order.sender()) : null;
		Origin origin = order.isCampaign() ? Origin.CAMPAIGN : (numbers.size() > 1) ? Origin.BULK : Origin.API;
		String batch = (campaign != null) ? Long.toString(campaign.id()) : batchId;
		List<SendRequest> requests = new ArrayList<>(numbers.size());
		for (String number : numbers) {
			SendRequest.Builder request = SendRequest.to(bot.id(), channel, origin, number)
				.sender(order.sender())
				.campaign((campaign != null) ? Long.toString(campaign.id()) : null)
				.request(order.requestJson(), null, null)
				.batch(batch);
			requests.add(((template != null) ? request.template(template.name(), template.language(), Map.of())
					: request.text(order.body()))
				.build());
		}
		List<AcceptResult> results = this.acceptor.acceptAll(requests);
		if (campaign != null) {
			this.campaigns.addDirect(campaign.id(), results.size());
		}
		return new Sent((campaign != null) ? campaign.id() : null, batch, results.size(),
				results.stream().map(AcceptResult::id).limit(FIRST_IDS).toList());
	}

	/**
	 * Whether a transaction whose commit was cut off was committed: its first message
	 * exists (all or none do), asked again until the database answers.
	 */
	private boolean committed(Bot bot, Sent sent) {
		while (true) {
			try {
				return this.queries.find(bot.id(), sent.firstIds().get(0)).isPresent();
			}
			catch (RuntimeException ex) {
				if (!DatabaseFailures.unreachable(ex)) {
					throw ex;
				}
				try {
					Thread.sleep(250);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return false;
				}
			}
		}
	}

	private Template template(Bot bot, String id) {
		Template template = this.templates.get(bot.id(), id(id, "body"))
			.orElseThrow(() -> ApiException.notFound("Template " + id + " not found"));
		if (template.status() != TemplateStatus.APPROVED) {
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

	/**
	 * What a send queued.
	 *
	 * @param campaignId the campaign, or null when the send is not one
	 * @param batchId the id that {@code by-params?batch_id=} finds the messages by
	 * @param total the messages queued (for a bucket: its recipients)
	 * @param firstIds the first thousand message ids queued before answering
	 */
	record Sent(Long campaignId, String batchId, long total, List<UUID> firstIds) {

		/**
		 * The answer's {@code data}: §6's fields, and Squad's {@code sent} and
		 * {@code batch_id}.
		 */
		Map<String, Object> data() {
			Map<String, Object> data = new LinkedHashMap<>();
			data.put("campaign_id", this.campaignId);
			data.put("total", this.total);
			data.put("message_ids", this.firstIds.stream().map(UUID::toString).toList());
			data.put("sent", this.total);
			data.put("batch_id", this.batchId);
			return data;
		}

	}

}
