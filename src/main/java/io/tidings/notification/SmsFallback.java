package io.tidings.notification;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.tidings.bot.BotMessaging;
import io.tidings.common.CallbackFormat;
import io.tidings.common.Channel;
import io.tidings.common.MessageContent;
import io.tidings.common.Origin;
import io.tidings.common.Status;
import io.tidings.common.TimeOrderedId;
import io.tidings.template.MissingParametersException;
import io.tidings.template.Rendered;
import io.tidings.template.Template;
import io.tidings.template.TemplateRenderer;
import io.tidings.template.Templates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Fallback to SMS (API.md §14): when a WhatsApp notification of a bot with
 * {@code fallback.whatsappToSms} fails because the number is not on WhatsApp (kind
 * ABSENT), the same template name is sent on SMS, with the same params, to the same
 * number, as a new notification linked by {@code fallbackOf}. It is created in the
 * transaction that applies the failure, so a crash cannot lose or double it. The
 * recipient is then counted once in the statistics: the failed WhatsApp attempt leaves
 * the rollups and the SMS counts in its place.
 */
@Component
class SmsFallback {

	private static final Logger log = LoggerFactory.getLogger(SmsFallback.class);

	private static final String CANDIDATES = """
			select n.id, n.bot_id, n.origin, n.callback_format, n.campaign_id, n.template_name, n.destination,
			  n.content::text, n.request::text, n.custom_payload::text, n.postback_url, n.created_at, n.sent_at
			from notification n
			where n.id = any(?) and n.channel = 'whatsapp' and n.status = 'FAILED' and n.failure_kind = 'ABSENT'
			  and n.template_name is not null
			  and not exists (select 1 from notification f where f.fallback_of = n.id)""";

	// negative deltas on one stripe of the bucket (Rollups): reads sum the stripes
	private static final String UNCOUNT = """
			insert into notification_rollup as r (bot_id, hour, campaign_id, template_name, stripe, accepted, in_failed,
			  failed_absent, sent, queue_ms_sum, queue_count)
			values (?, ?, ?, ?, ?, -1, -1, -1, ?, ?, ?)
			on conflict (bot_id, hour, campaign_id, template_name, stripe) do update set
			  accepted = r.accepted + excluded.accepted, in_failed = r.in_failed + excluded.in_failed,
			  failed_absent = r.failed_absent + excluded.failed_absent, sent = r.sent + excluded.sent,
			  queue_ms_sum = r.queue_ms_sum + excluded.queue_ms_sum, queue_count = r.queue_count + excluded.queue_count""";

	private final BotMessaging messaging;

	private final Templates templates;

	private final NotificationWriter writer;

	private final OptOutEnforcement optOuts;

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final Clock clock;

	SmsFallback(BotMessaging messaging, Templates templates, NotificationWriter writer, OptOutEnforcement optOuts,
			JdbcTemplate jdbc, JsonMapper json, Clock clock) {
		this.messaging = messaging;
		this.templates = templates;
		this.writer = writer;
		this.optOuts = optOuts;
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
	}

	@EventListener
	void statusesChanged(StatusesChanged changed) {
		List<UUID> failed = changed.changes()
			.stream()
			.filter((c) -> c.status() == Status.FAILED && c.channel() == Channel.WHATSAPP)
			.filter((c) -> this.messaging.find(c.botId()).whatsAppToSms())
			.map(StatusChange::notificationId)
			.toList();
		if (failed.isEmpty()) {
			return;
		}
		List<Original> originals = this.jdbc.query(CANDIDATES,
				(ps) -> ps.setArray(1, ps.getConnection().createArrayOf("uuid", failed.toArray())),
				(rs, row) -> new Original(rs.getObject(1, UUID.class), rs.getString(2), Origin.valueOf(rs.getString(3)),
						CallbackFormat.fromWire(rs.getString(4)), rs.getString(5), rs.getString(6), rs.getString(7),
						rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
						rs.getTimestamp(12).toInstant(),
						(rs.getTimestamp(13) != null) ? rs.getTimestamp(13).toInstant() : null));
		originals.forEach(this::fallBack);
	}

	private void fallBack(Original original) {
		Optional<Template> sms = this.templates.find(original.botId(), Channel.SMS, original.templateName())
			.filter((t) -> t.status().allowsSending());
		if (sms.isEmpty()) {
			return;
		}
		Rendered rendered;
		try {
			rendered = TemplateRenderer.render(sms.get(), params(original));
		}
		catch (MissingParametersException ex) {
			log.info("No SMS fallback for notification {}: its params do not cover SMS template {}", original.id(),
					original.templateName());
			return;
		}
		Template template = sms.get();
		MessageContent content = new MessageContent("template", template.language(), rendered.subject(),
				rendered.header(), rendered.body(), rendered.footer(), rendered.bodyParams(), null, null, null, null,
				null, null);
		UUID id = TimeOrderedId.next();
		NotificationDraft draft = new NotificationDraft(id, original.botId(), Channel.SMS, original.origin(),
				original.callbackFormat(), original.campaignId(), original.templateName(), original.destination(), null,
				this.json.writeValueAsString(content), original.request(), original.customPayload(),
				original.postbackUrl(), this.clock.instant(), null, null);
		this.writer.write(List.of(draft));
		this.jdbc.update("update notification set fallback_of = ? where id = ?", original.id(), id);
		uncount(original);
		if (!OptOutEnforcement.failsAtOnce(original.origin())) {
			this.optOuts.failIfSuppressed(id, original.botId(), Channel.SMS, original.destination());
		}
	}

	/**
	 * Takes the failed WhatsApp attempt out of the rollups: the SMS stands for the
	 * recipient.
	 */
	private void uncount(Original o) {
		boolean sent = o.sentAt() != null;
		long queueMs = sent ? Math.max(0, Duration.between(o.createdAt(), o.sentAt()).toMillis()) : 0;
		this.jdbc.update(UNCOUNT, o.botId(), Timestamp.from(o.createdAt().truncatedTo(ChronoUnit.HOURS)),
				(o.campaignId() != null) ? o.campaignId() : "", o.templateName(), Rollups.randomStripe(), sent ? -1 : 0,
				-queueMs, sent ? -1 : 0);
	}

	/**
	 * The params the WhatsApp message was rendered with: a bulk send's contact
	 * attributes, else the request's {@code notification.params}, else its body values by
	 * position.
	 */
	private Map<String, String> params(Original o) {
		Map<String, String> params = new LinkedHashMap<>();
		JsonNode content = this.json.readTree(o.content());
		if (content.path("deferred").asBoolean(false)) {
			content.path("params").properties().forEach((p) -> params.put(p.getKey(), p.getValue().asString()));
			return params;
		}
		if (o.request() != null) {
			JsonNode requested = this.json.readTree(o.request()).path("notification").path("params");
			requested.properties().forEach((p) -> params.put(p.getKey(), p.getValue().asString()));
		}
		if (params.isEmpty()) {
			List<String> positional = new ArrayList<>();
			content.path("bodyParams").forEach((v) -> positional.add(v.asString()));
			for (int i = 0; i < positional.size(); i++) {
				params.put(Integer.toString(i + 1), positional.get(i));
			}
		}
		return params;
	}

	private record Original(UUID id, String botId, Origin origin, CallbackFormat callbackFormat, String campaignId,
			String templateName, String destination, String content, String request, String customPayload,
			String postbackUrl, Instant createdAt, Instant sentAt) {
	}

}
