package io.tidings.api.messages;

import java.nio.charset.StandardCharsets;

import io.tidings.api.ApiException;
import io.tidings.api.JsonBody;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A send on the Messages surface as seed 003 writes it ({@code POST /api/v1/messages},
 * Squad's {@code POST /service/message}).
 *
 * @param isCampaign a campaign named {@code reference}
 * @param reference the campaign's name
 * @param useBucket {@code recipients} is a bucket id, else numbers
 * @param recipients a bucket id, or one or more comma-separated numbers
 * @param useTemplate {@code body} is a template id, else the text
 * @param body a template id or the text
 * @param sender the sender id, or null
 * @param requestJson the body as sent
 */
record MessageOrder(boolean isCampaign, String reference, boolean useBucket, String recipients, boolean useTemplate,
		String body, String sender, String requestJson) {

	static MessageOrder read(JsonMapper json, byte[] body) {
		JsonNode root = JsonBody.object(json, body);
		boolean isCampaign = Boolean.TRUE.equals(JsonBody.optionalBoolean(root, "is_campaign", "is_campaign"));
		String reference = JsonBody.optionalText(root, "reference", "reference");
		if (isCampaign && (reference == null || reference.isBlank())) {
			throw ApiException.missing("reference");
		}
		return new MessageOrder(isCampaign, reference,
				Boolean.TRUE.equals(JsonBody.optionalBoolean(root, "use_bucket", "use_bucket")),
				JsonBody.requiredText(root, "recipients", "recipients"),
				Boolean.TRUE.equals(JsonBody.optionalBoolean(root, "use_template", "use_template")),
				JsonBody.requiredText(root, "body", "body"), JsonBody.optionalText(root, "sender", "sender"),
				new String(body, StandardCharsets.UTF_8));
	}

}
