package io.tidings.channel.whatsappcloud;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;

import io.tidings.channel.InvalidChannelSettingsException;
import io.tidings.channel.TemplateCatalog;
import io.tidings.channel.TemplateCatalogException;
import io.tidings.channel.VendorTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Lists a WhatsApp Business Account's message templates through the Graph API ({@code GET
 * /{version}/{wabaId}/message_templates}), following {@code paging.next} until the last
 * page.
 */
@Component
class WhatsAppTemplateCatalog implements TemplateCatalog {

	private static final int MAX_PAGES = 200;

	private static final String FIELDS = "id,name,language,category,status,quality_score,parameter_format,components";

	private final HttpClient http = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.executor(Executors.newVirtualThreadPerTaskExecutor())
		.build();

	private final JsonMapper json;

	WhatsAppTemplateCatalog(JsonMapper json) {
		this.json = json;
	}

	@Override
	public List<VendorTemplate> fetch(Map<String, Object> raw) {
		WhatsAppCloudSettings settings = WhatsAppCloudSettings.of(raw);
		if (!(raw.get("wabaId") instanceof String wabaId) || !wabaId.matches("[0-9A-Za-z_-]{1,64}")) {
			throw new InvalidChannelSettingsException("wabaId",
					"wabaId (the WhatsApp Business Account id) is required to sync templates");
		}
		String first = settings.baseUrl() + "/" + settings.apiVersion() + "/" + wabaId
				+ "/message_templates?limit=100&fields=" + URLEncoder.encode(FIELDS, StandardCharsets.UTF_8);
		List<VendorTemplate> templates = new ArrayList<>();
		String url = first;
		for (int page = 0; url != null && page < MAX_PAGES; page++) {
			JsonNode body = get(url, settings);
			for (JsonNode template : body.path("data")) {
				templates.add(template(template));
			}
			url = next(body.path("paging"), first, settings.baseUrl());
		}
		return templates;
	}

	/**
	 * The next page: Meta's {@code next} link when it stays on the configured Graph host
	 * (the access token goes with it), else the {@code after} cursor on the first URL.
	 */
	private static String next(JsonNode paging, String first, String baseUrl) {
		String next = paging.path("next").asString(null);
		if (next == null || next.isBlank()) {
			return null;
		}
		if (next.startsWith(baseUrl + "/")) {
			return next;
		}
		String after = paging.path("cursors").path("after").asString(null);
		return (after != null) ? first + "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8) : null;
	}

	private JsonNode get(String url, WhatsAppCloudSettings settings) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofMillis(settings.timeoutMillis()))
			.header("Authorization", "Bearer " + settings.accessToken())
			.header("Accept", "application/json")
			.GET()
			.build();
		HttpResponse<String> response;
		try {
			response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new TemplateCatalogException("WhatsApp unreachable: " + ex.getClass().getSimpleName());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new TemplateCatalogException("interrupted while reading templates from WhatsApp");
		}
		JsonNode body = parse(response.body());
		if (response.statusCode() / 100 != 2) {
			String message = body.path("error").path("message").asString(null);
			throw new TemplateCatalogException("WhatsApp refused to list templates (HTTP " + response.statusCode()
					+ "): " + ((message != null) ? message : "no error message"));
		}
		return body;
	}

	private JsonNode parse(String body) {
		try {
			return this.json.readTree((body != null && !body.isBlank()) ? body : "{}");
		}
		catch (JacksonException ex) {
			return this.json.createObjectNode();
		}
	}

	private VendorTemplate template(JsonNode t) {
		String header = null;
		String body = null;
		String footer = null;
		List<Map<String, Object>> buttons = null;
		for (JsonNode component : t.path("components")) {
			switch (component.path("type").asString("").toUpperCase(Locale.ROOT)) {
				case "HEADER" -> header = "TEXT".equalsIgnoreCase(component.path("format").asString("TEXT"))
						? component.path("text").asString(null) : null;
				case "BODY" -> body = component.path("text").asString(null);
				case "FOOTER" -> footer = component.path("text").asString(null);
				case "BUTTONS" -> buttons = this.json.convertValue(component.path("buttons"),
						new TypeReference<List<Map<String, Object>>>() {
						});
				default -> {
				}
			}
		}
		JsonNode quality = t.path("quality_score");
		String score = quality.isObject() ? quality.path("score").asString(null) : quality.asString(null);
		return new VendorTemplate(t.path("id").asString(null), t.path("name").asString(null),
				t.path("language").asString(null), t.path("category").asString(null), t.path("status").asString(null),
				score, header, body, footer, buttons);
	}

}
