package io.tidings.receipt;

import io.tidings.template.TemplateEvents;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

/**
 * Reads Meta's template webhooks out of a verified WhatsApp delivery
 * ({@code changes[].field} {@code message_template_status_update} and
 * {@code message_template_quality_update}) and hands each to the template module.
 */
@Component
class TemplateWebhookEvents {

	private final TemplateEvents templates;

	TemplateWebhookEvents(TemplateEvents templates) {
		this.templates = templates;
	}

	/**
	 * Applies the template changes of the delivery.
	 * @return how many it held
	 */
	int apply(String botId, JsonNode payload) {
		int count = 0;
		for (JsonNode entry : payload.path("entry")) {
			for (JsonNode change : entry.path("changes")) {
				JsonNode value = change.path("value");
				String name = value.path("message_template_name").asString(null);
				String language = value.path("message_template_language").asString(null);
				if (name == null) {
					continue;
				}
				switch (change.path("field").asString("")) {
					case "message_template_status_update" -> {
						this.templates.statusChanged(botId, name, language, value.path("event").asString(null));
						count++;
					}
					case "message_template_quality_update" -> {
						this.templates.qualityChanged(botId, name, language,
								value.path("new_quality_score").asString(null));
						count++;
					}
					default -> {
					}
				}
			}
		}
		return count;
	}

}
