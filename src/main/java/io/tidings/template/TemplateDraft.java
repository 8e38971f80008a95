package io.tidings.template;

import java.util.List;
import java.util.Map;

import io.tidings.common.Channel;

/**
 * A template as a client writes it.
 */
public record TemplateDraft(String name, Channel channel, String language, String category, String header,
		String subject, String body, String footer, List<Map<String, Object>> buttons, TemplateStatus status) {
}
