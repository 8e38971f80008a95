package io.tidings.notification;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.tidings.common.CacheChanges;
import io.tidings.common.CacheLifetimes;
import io.tidings.common.Channel;
import io.tidings.common.MessageContent;
import io.tidings.common.Status;
import io.tidings.template.MissingParametersException;
import io.tidings.template.Rendered;
import io.tidings.template.Template;
import io.tidings.template.TemplateRenderer;
import io.tidings.template.TemplateStatus;
import io.tidings.template.Templates;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Content stored unrendered by a bulk fan-out ({@code "deferred": true}: the template id
 * and the contact's attributes) is rendered here, when the message is sent. A missing
 * value makes the message invalid (1429), a template no longer approved 1443.
 */
@Component
class DeferredContent {

	private final Templates templates;

	private final JsonMapper json;

	// bot id + "/" + template id; dropped when the bot's templates change through any
	// instance (CacheChanges)
	private final Cache<String, Optional<Template>> cache;

	DeferredContent(Templates templates, JsonMapper json, CacheLifetimes lifetimes, CacheChanges changes) {
		this.templates = templates;
		this.json = json;
		this.cache = Caffeine.newBuilder().expireAfterWrite(lifetimes.lifetime()).maximumSize(10_000).build();
		changes.register(Templates.CACHE,
				(botId, elsewhere) -> this.cache.asMap().keySet().removeIf((key) -> key.startsWith(botId + "/")),
				this.cache::invalidateAll);
	}

	OutboundNotification outbound(UUID id, String botId, Channel channel, String destination, String sender,
			String templateName, JsonNode content, Status status, Instant createdAt) {
		if (!content.path("deferred").asBoolean(false)) {
			return new OutboundNotification(id, botId, channel, destination, sender, templateName,
					this.json.treeToValue(content, MessageContent.class), status, createdAt, null);
		}
		if (!content.hasNonNull("templateId")) {
			MessageContent text = new MessageContent("text", null, null, null, content.path("text").asString(null),
					null, null, null, null, null, null, null, null);
			return new OutboundNotification(id, botId, channel, destination, sender, templateName, text, status,
					createdAt, null);
		}
		long templateId = content.get("templateId").asLong();
		Template template = this.cache.get(botId + "/" + templateId, (key) -> this.templates.get(botId, templateId))
			.orElse(null);
		if (template == null || template.status() != TemplateStatus.APPROVED) {
			return invalid(id, botId, channel, destination, sender, templateName, status, createdAt, 1443,
					"Template " + templateName + " is missing or not approved");
		}
		Map<String, String> params = new LinkedHashMap<>();
		content.path("params").properties().forEach((field) -> params.put(field.getKey(), field.getValue().asString()));
		try {
			Rendered rendered = TemplateRenderer.render(template, params);
			MessageContent message = new MessageContent("template", template.language(), rendered.subject(),
					rendered.header(), rendered.body(), rendered.footer(), rendered.bodyParams(), null, null, null,
					null, null, null);
			return new OutboundNotification(id, botId, channel, destination, sender, templateName, message, status,
					createdAt, null);
		}
		catch (MissingParametersException ex) {
			return invalid(id, botId, channel, destination, sender, templateName, status, createdAt, 1429,
					"No value for placeholder(s) " + String.join(", ", ex.missing()));
		}
	}

	private static OutboundNotification invalid(UUID id, String botId, Channel channel, String destination,
			String sender, String templateName, Status status, Instant createdAt, int code, String reason) {
		return new OutboundNotification(id, botId, channel, destination, sender, templateName, null, status, createdAt,
				new OutboundNotification.Invalid(code, reason));
	}

}
