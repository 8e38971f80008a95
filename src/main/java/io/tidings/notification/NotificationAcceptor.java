package io.tidings.notification;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tidings.bot.Bot;
import io.tidings.bot.BotChannels;
import io.tidings.bot.Bots;
import io.tidings.common.CallbackFormat;
import io.tidings.common.Channel;
import io.tidings.common.DatabaseFailures;
import io.tidings.common.EmailAddress;
import io.tidings.common.GroupCommit;
import io.tidings.common.MessageContent;
import io.tidings.common.PhoneNumber;
import io.tidings.common.TimeOrderedId;
import io.tidings.notification.SendRejectedException.Reason;
import io.tidings.template.LanguageVariants;
import io.tidings.template.MissingParametersException;
import io.tidings.template.Rendered;
import io.tidings.template.Template;
import io.tidings.template.TemplateRenderer;
import io.tidings.suppression.Suppressions;
import io.tidings.template.Templates;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;

/**
 * Accepts sends: validates them against the bot, its channels and templates, renders the
 * message, and returns once the notification and its dispatch job are committed.
 */
@Service
public class NotificationAcceptor {

	private final Bots bots;

	private final BotChannels channels;

	private final Templates templates;

	private final AcceptBatcher batcher;

	private final AcceptProperties properties;

	private final JsonMapper json;

	private final Clock clock;

	private final Counter accepted;

	private final Conversations conversations;

	private final Suppressions suppressions;

	private final WholeRequestWriter wholeRequests;

	NotificationAcceptor(Bots bots, BotChannels channels, Templates templates, AcceptBatcher batcher,
			AcceptProperties properties, JsonMapper json, Clock clock, MeterRegistry meters,
			Conversations conversations, Suppressions suppressions, WholeRequestWriter wholeRequests) {
		this.wholeRequests = wholeRequests;
		this.suppressions = suppressions;
		this.conversations = conversations;
		this.bots = bots;
		this.channels = channels;
		this.templates = templates;
		this.batcher = batcher;
		this.properties = properties;
		this.json = json;
		this.clock = clock;
		this.accepted = Counter.builder("tidings.notifications.accepted")
			.description("Notifications accepted and committed")
			.register(meters);
	}

	/**
	 * Validates, renders and stores the send.
	 * @throws SendRejectedException when it cannot be accepted
	 */
	public AcceptResult accept(SendRequest request) {
		AcceptResult result = await(prepare(request));
		if (!result.replayed()) {
			this.accepted.increment();
		}
		return result;
	}

	/**
	 * Validates every request first, then stores them all in one transaction (the
	 * caller's, when it has one): one bad request refuses the lot, and no failure leaves
	 * some of them stored.
	 * @throws SendRejectedException for the first request that cannot be accepted
	 */
	public List<AcceptResult> acceptAll(List<SendRequest> requests) {
		List<NotificationDraft> drafts = requests.stream().map(this::prepare).toList();
		// one transaction for the whole request, not one batch each: all or none stored
		List<AcceptResult> results = this.wholeRequests.write(drafts);
		this.accepted.increment(results.size());
		return results;
	}

	private NotificationDraft prepare(SendRequest request) {
		Bot bot = this.bots.find(request.botId())
			.orElseThrow(() -> new SendRejectedException(Reason.BOT_NOT_FOUND, request.botId()));
		if (!bot.apiAccessEnabled()) {
			throw new SendRejectedException(Reason.API_ACCESS_DISABLED, bot.id());
		}
		if (this.channels.find(bot.id(), request.channel()).isEmpty()) {
			throw new SendRejectedException(Reason.CHANNEL_NOT_CONFIGURED, request.channel().wire());
		}
		String destination = destination(bot, request.channel(), request.recipient());
		if (!OptOutEnforcement.failsAtOnce(request.origin())
				&& this.suppressions.contains(bot.id(), request.channel(), destination)) {
			throw new SendRejectedException(Reason.OPTED_OUT, "recipient");
		}
		List<String> cc = addresses(request.cc(), "cc");
		List<String> bcc = addresses(request.bcc(), "bcc");
		MessageContent content;
		String templateName = null;
		if (request.templateName() == null) {
			content = new MessageContent("text", null, null, null, request.text(), null, null, request.media(), null,
					null, cc, bcc, null);
		}
		else {
			Template template = approvedTemplate(bot.id(), request.channel(), request.templateName(),
					request.language());
			Rendered rendered;
			try {
				rendered = TemplateRenderer.render(template, request.params());
			}
			catch (MissingParametersException ex) {
				throw new SendRejectedException(Reason.MISSING_PARAMS, template.name(), ex.missing());
			}
			templateName = template.name();
			content = new MessageContent("template", template.language(), rendered.subject(), rendered.header(),
					rendered.body(), rendered.footer(), rendered.bodyParams(), request.media(), request.quickReplies(),
					request.urlParams(), cc, bcc, null);
		}
		CallbackFormat format = (request.callbackFormat() != null) ? request.callbackFormat() : bot.webhookFormat();
		NotificationDraft draft = new NotificationDraft(TimeOrderedId.next(), bot.id(), request.channel(),
				request.origin(), format, request.campaignId(), templateName, destination, request.sender(),
				this.json.writeValueAsString(content), request.requestJson(), request.customPayload(),
				request.postbackUrl(), this.clock.instant(), request.idempotencyKey(), request.requestHash(),
				request.scheduledAt(), request.batchId(), content);
		return draft;
	}

	/**
	 * Accepts a free-form WhatsApp message to a user who wrote in the last 24 hours.
	 * @throws SendRejectedException with {@link Reason#OUTSIDE_WINDOW} otherwise
	 */
	public AcceptResult acceptSession(SessionRequest request) {
		Bot bot = this.bots.find(request.botId())
			.orElseThrow(() -> new SendRejectedException(Reason.BOT_NOT_FOUND, request.botId()));
		if (!bot.apiAccessEnabled()) {
			throw new SendRejectedException(Reason.API_ACCESS_DISABLED, bot.id());
		}
		if (this.channels.find(bot.id(), Channel.WHATSAPP).isEmpty()) {
			throw new SendRejectedException(Reason.CHANNEL_NOT_CONFIGURED, Channel.WHATSAPP.wire());
		}
		String destination = destination(bot, Channel.WHATSAPP, request.userId());
		if (this.suppressions.contains(bot.id(), Channel.WHATSAPP, destination)) {
			throw new SendRejectedException(Reason.OPTED_OUT, "recipient");
		}
		java.time.Instant now = this.clock.instant();
		if (!ConversationWindow.isOpen(this.conversations.lastInbound(bot.id(), destination).orElse(null), now)) {
			throw new SendRejectedException(Reason.OUTSIDE_WINDOW, destination);
		}
		NotificationDraft draft = new NotificationDraft(TimeOrderedId.next(), bot.id(), Channel.WHATSAPP,
				io.tidings.common.Origin.SESSION, CallbackFormat.JELOU, null, null, destination, null,
				this.json.writeValueAsString(request.content()), request.requestJson(), null, null, now, null, null);
		AcceptResult result = await(draft);
		this.accepted.increment();
		return result;
	}

	private AcceptResult await(NotificationDraft draft) {
		return await(this.batcher.submit(draft));
	}

	private AcceptResult await(java.util.concurrent.CompletableFuture<AcceptResult> future) {
		try {
			return GroupCommit.await(future, this.properties.timeout(),
					() -> new SendRejectedException(Reason.OVERLOADED, "accept"));
		}
		catch (RuntimeException ex) {
			if (DatabaseFailures.unreachable(ex)) {
				throw new SendRejectedException(Reason.OVERLOADED, "database");
			}
			throw ex;
		}
	}

	private static String destination(Bot bot, Channel channel, String recipient) {
		if (channel == Channel.EMAIL) {
			return EmailAddress.parse(recipient)
				.map(EmailAddress::value)
				.orElseThrow(() -> new SendRejectedException(Reason.INVALID_RECIPIENT, "recipient"));
		}
		return PhoneNumber.parse(recipient, bot.defaultCountryCode())
			.map(PhoneNumber::digits)
			.orElseThrow(() -> new SendRejectedException(Reason.INVALID_RECIPIENT, "recipient"));
	}

	private static List<String> addresses(List<String> raw, String field) {
		if (raw == null || raw.isEmpty()) {
			return null;
		}
		List<String> addresses = new ArrayList<>(raw.size());
		for (String value : raw) {
			addresses.add(EmailAddress.parse(value)
				.map(EmailAddress::value)
				.orElseThrow(() -> new SendRejectedException(Reason.INVALID_RECIPIENT, field)));
		}
		return addresses;
	}

	private Template approvedTemplate(String botId, Channel channel, String name, String language) {
		List<Template> variants = this.templates.variants(botId, channel, name);
		if (variants.isEmpty()) {
			throw new SendRejectedException(Reason.TEMPLATE_MISSING, name);
		}
		Template template = LanguageVariants.pick(variants, language)
			.orElseThrow(() -> new SendRejectedException(Reason.TEMPLATE_LANGUAGE_MISSING,
					name + ((language != null) ? " in language " + language : ""),
					variants.stream().map(Template::language).toList()));
		return switch (template.status()) {
			case APPROVED -> template;
			case PAUSED -> throw new SendRejectedException(Reason.TEMPLATE_PAUSED, name);
			case PENDING -> throw new SendRejectedException(Reason.TEMPLATE_PENDING, name);
			case LOW_QUALITY -> throw new SendRejectedException(Reason.TEMPLATE_LOW_QUALITY, name);
			case REJECTED -> throw new SendRejectedException(Reason.TEMPLATE_NOT_APPROVED, name);
		};
	}

}
