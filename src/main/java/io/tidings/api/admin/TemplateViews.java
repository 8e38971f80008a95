package io.tidings.api.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tidings.api.ApiException;
import io.tidings.api.JsonBody;
import io.tidings.api.Times;
import io.tidings.common.Channel;
import io.tidings.template.Template;
import io.tidings.template.TemplateDraft;
import io.tidings.template.TemplateStatus;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The template JSON of API.md §7, shared by the native and Messages surfaces.
 */
public final class TemplateViews {

	private TemplateViews() {
	}

	public static TemplateDraft draft(JsonMapper json, JsonNode root) {
		String channelName = JsonBody.requiredText(root, "channel", "channel");
		Channel channel = Channel.fromWire(channelName);
		if (channel == null) {
			throw ApiException.badRequest("channel must be whatsapp, sms or email");
		}
		String status = JsonBody.optionalText(root, "status", "status");
		TemplateStatus templateStatus = null;
		if (status != null) {
			try {
				templateStatus = TemplateStatus.valueOf(status.toUpperCase());
			}
			catch (IllegalArgumentException ex) {
				throw ApiException.badRequest("status must be APPROVED, PAUSED, LOW_QUALITY, REJECTED or PENDING");
			}
		}
		JsonNode buttons = root.get("buttons");
		if (buttons != null && !buttons.isNull() && !buttons.isArray()) {
			throw ApiException.badRequest("buttons must be an array");
		}
		return new TemplateDraft(JsonBody.requiredText(root, "name", "name"), channel,
				JsonBody.optionalText(root, "language", "language"),
				JsonBody.optionalText(root, "category", "category"), JsonBody.optionalText(root, "header", "header"),
				JsonBody.optionalText(root, "subject", "subject"), JsonBody.requiredText(root, "body", "body"),
				JsonBody.optionalText(root, "footer", "footer"), (buttons != null && !buttons.isNull())
						? json.convertValue(buttons, new TypeReference<List<Map<String, Object>>>() {
						}) : null,
				templateStatus);
	}

	public static Map<String, Object> view(Template template) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", template.id());
		view.put("name", template.name());
		view.put("channel", template.channel().wire());
		view.put("language", template.language());
		view.put("category", template.category());
		view.put("header", template.header());
		view.put("subject", template.subject());
		view.put("body", template.body());
		view.put("footer", template.footer());
		view.put("buttons", template.buttons());
		view.put("status", template.status().name());
		view.put("placeholders", template.placeholders());
		view.put("source", template.source().wire());
		view.put("syncedAt", Times.iso(template.syncedAt()));
		view.put("createdAt", Times.iso(template.createdAt()));
		view.put("updatedAt", Times.iso(template.updatedAt()));
		return view;
	}

}
