package io.tidings.channel.whatsappcloud;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import io.tidings.channel.Delivery;
import io.tidings.channel.Provider;
import io.tidings.channel.SendResult;
import io.tidings.common.SharedLimits;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends through Meta's Cloud API, held to the phone number's messages per second by a
 * token bucket shared by every instance on the database.
 */
final class WhatsAppCloudSender implements Provider {

	private static final Duration MAX_WAIT_FOR_RATE = Duration.ofSeconds(2);

	private final WhatsAppCloudSettings settings;

	private final HttpClient http;

	private final JsonMapper json;

	private final WhatsAppMessages messages;

	private final SharedLimits.Budget rate;

	WhatsAppCloudSender(WhatsAppCloudSettings settings, HttpClient http, JsonMapper json, SharedLimits limits) {
		this.settings = settings;
		this.http = http;
		this.json = json;
		this.messages = new WhatsAppMessages(json);
		this.rate = limits.budget("whatsapp:" + settings.phoneNumberId(), settings.messagesPerSecond(),
				settings.messagesPerSecond());
	}

	@Override
	public SendResult send(Delivery delivery) {
		try {
			if (!this.rate.take(1, MAX_WAIT_FOR_RATE)) {
				return new SendResult.Deferred("messages per second of " + this.settings.phoneNumberId() + " reached",
						Duration.ofSeconds(1));
			}
			HttpRequest request = HttpRequest.newBuilder(URI.create(this.settings.messagesUrl()))
				.timeout(Duration.ofMillis(this.settings.timeoutMillis()))
				.header("Authorization", "Bearer " + this.settings.accessToken())
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(this.json.writeValueAsString(this.messages.of(delivery))))
				.build();
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			return result(response);
		}
		catch (HttpTimeoutException ex) {
			return new SendResult.Retryable("WhatsApp did not answer in time", null);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new SendResult.Retryable("interrupted", null);
		}
		catch (Exception ex) {
			return new SendResult.Retryable("WhatsApp unreachable: " + ex.getClass().getSimpleName(), null);
		}
	}

	private SendResult result(HttpResponse<String> response) {
		JsonNode body = parse(response.body());
		if (response.statusCode() / 100 == 2) {
			String id = body.path("messages").path(0).path("id").asString(null);
			return (id != null) ? new SendResult.Accepted(id)
					: new SendResult.Retryable("WhatsApp answered without a message id", null);
		}
		JsonNode error = body.path("error");
		Integer code = error.hasNonNull("code") ? error.get("code").asInt() : null;
		return WhatsAppErrors.forSend(response.statusCode(), code,
				error.path("message").asString("HTTP " + response.statusCode()));
	}

	private JsonNode parse(String body) {
		try {
			return this.json.readTree(body);
		}
		catch (JacksonException ex) {
			return this.json.createObjectNode();
		}
	}

}
