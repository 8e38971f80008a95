package io.tidings.channel.whatsappcloud;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.tidings.channel.Delivery;
import io.tidings.common.MessageContent;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the Cloud API's {@code /messages} request body for a delivery: a
 * {@code template} message (header media, body parameters in placeholder order,
 * quick-reply payloads and URL button parameters) or a session {@code text},
 * {@code image}, {@code document} or {@code location} message.
 */
final class WhatsAppMessages {

	private final JsonMapper json;

	WhatsAppMessages(JsonMapper json) {
		this.json = json;
	}

	ObjectNode of(Delivery delivery) {
		MessageContent content = delivery.content();
		ObjectNode body = this.json.createObjectNode();
		body.put("messaging_product", "whatsapp");
		body.put("recipient_type", "individual");
		body.put("to", delivery.destination());
		switch (content.kind()) {
			case "text" -> {
				body.put("type", "text");
				body.putObject("text").put("preview_url", false).put("body", content.text());
			}
			case "image" -> {
				body.put("type", "image");
				media(body.putObject("image"), content.media().get(0), false);
			}
			case "file" -> {
				body.put("type", "document");
				media(body.putObject("document"), content.media().get(0), true);
			}
			case "location" -> {
				body.put("type", "location");
				ObjectNode location = body.putObject("location");
				location.put("latitude", content.location().lat());
				location.put("longitude", content.location().lng());
				if (content.location().name() != null) {
					location.put("name", content.location().name());
				}
				if (content.location().address() != null) {
					location.put("address", content.location().address());
				}
			}
			default -> template(body, delivery);
		}
		return body;
	}

	private void template(ObjectNode body, Delivery delivery) {
		MessageContent content = delivery.content();
		body.put("type", "template");
		ObjectNode template = body.putObject("template");
		template.put("name", delivery.templateName());
		template.putObject("language").put("code", (content.language() != null) ? content.language() : "en");
		ArrayNode components = template.putArray("components");
		List<MessageContent.Media> media = content.media();
		if (media != null && !media.isEmpty()) {
			MessageContent.Media header = media.get(0);
			String type = mediaType(header.link());
			ObjectNode parameter = components.addObject().put("type", "header").putArray("parameters").addObject();
			parameter.put("type", type);
			ObjectNode link = parameter.putObject(type).put("link", header.link());
			if (type.equals("document") && header.filename() != null) {
				link.put("filename", header.filename());
			}
		}
		if (content.bodyParams() != null && !content.bodyParams().isEmpty()) {
			ArrayNode parameters = components.addObject().put("type", "body").putArray("parameters");
			content.bodyParams().forEach((value) -> parameters.addObject().put("type", "text").put("text", value));
		}
		int index = 0;
		if (content.quickReplies() != null) {
			for (String payload : content.quickReplies()) {
				components.addObject()
					.put("type", "button")
					.put("sub_type", "quick_reply")
					.put("index", Integer.toString(index++))
					.putArray("parameters")
					.addObject()
					.put("type", "payload")
					.put("payload", payload);
			}
		}
		if (content.urlParams() != null) {
			for (Map.Entry<String, String> param : content.urlParams().entrySet()) {
				components.addObject()
					.put("type", "button")
					.put("sub_type", "url")
					.put("index", Integer.toString(index++))
					.putArray("parameters")
					.addObject()
					.put("type", "text")
					.put("text", param.getValue());
			}
		}
	}

	private static void media(ObjectNode node, MessageContent.Media media, boolean document) {
		node.put("link", media.link());
		if (media.title() != null) {
			node.put("caption", media.title());
		}
		if (document && media.filename() != null) {
			node.put("filename", media.filename());
		}
	}

	/**
	 * Meta needs the header's media type; the link's extension tells it.
	 */
	static String mediaType(String link) {
		String path = link.toLowerCase(Locale.ROOT).replaceAll("[?#].*$", "");
		if (path.matches(".*\\.(jpe?g|png|webp)$")) {
			return "image";
		}
		if (path.matches(".*\\.(mp4|3gp)$")) {
			return "video";
		}
		return "document";
	}

}
