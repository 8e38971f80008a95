package io.tidings.template;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tidings.common.Channel;

/**
 * A message template of one bot and channel; its name is what the push API calls
 * {@code templateId}.
 */
public record Template(long id, String botId, String name, Channel channel, String language, String category,
		String header, String subject, String body, String footer, List<Map<String, Object>> buttons,
		TemplateStatus status, Instant createdAt, Instant updatedAt) {

	/**
	 * Every placeholder of the template, in order of first appearance (subject, header,
	 * body, footer).
	 */
	public List<String> placeholders() {
		return Placeholders.of(this.subject, this.header, this.body, this.footer);
	}

}
