package io.tidings.template;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tidings.common.Channel;

/**
 * A message template of one bot and channel; its name is what the push API calls
 * {@code templateId}.
 *
 * @param source whether it was typed in or synced from the vendor
 * @param syncedAt when a sync last saw it, or null
 */
public record Template(long id, String botId, String name, Channel channel, String language, String category,
		String header, String subject, String body, String footer, List<Map<String, Object>> buttons,
		TemplateStatus status, Instant createdAt, Instant updatedAt, TemplateSource source, Instant syncedAt) {

	/**
	 * A template typed in (not synced).
	 */
	public Template(long id, String botId, String name, Channel channel, String language, String category,
			String header, String subject, String body, String footer, List<Map<String, Object>> buttons,
			TemplateStatus status, Instant createdAt, Instant updatedAt) {
		this(id, botId, name, channel, language, category, header, subject, body, footer, buttons, status, createdAt,
				updatedAt, TemplateSource.MANUAL, null);
	}

	/**
	 * Every placeholder of the template, in order of first appearance (subject, header,
	 * body, footer).
	 */
	public List<String> placeholders() {
		return Placeholders.of(this.subject, this.header, this.body, this.footer);
	}

}
