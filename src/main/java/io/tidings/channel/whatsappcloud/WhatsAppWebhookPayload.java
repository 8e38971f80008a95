package io.tidings.channel.whatsappcloud;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.tidings.channel.ProviderReceipt;
import io.tidings.channel.UserMessage;
import io.tidings.channel.VendorWebhooks;
import io.tidings.common.Status;
import tools.jackson.databind.JsonNode;

/**
 * Meta's webhook format: {@code entry[].changes[].value.statuses[]} and
 * {@code .messages[]}. Status names map sent/delivered/read/failed to our funnel; a
 * failure's code goes through {@link WhatsAppErrors}.
 */
public final class WhatsAppWebhookPayload {

	private WhatsAppWebhookPayload() {
	}

	public static boolean signatureValid(String appSecret, String header, byte[] body) {
		if (appSecret == null || header == null || !header.startsWith("sha256=")) {
			return false;
		}
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			byte[] expected = ("sha256=" + HexFormat.of().formatHex(mac.doFinal(body)))
				.getBytes(StandardCharsets.UTF_8);
			return MessageDigest.isEqual(expected, header.toLowerCase().getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
	}

	public static VendorWebhooks.Events read(String botId, JsonNode payload) {
		List<ProviderReceipt> receipts = new ArrayList<>();
		List<UserMessage> messages = new ArrayList<>();
		for (JsonNode entry : payload.path("entry")) {
			for (JsonNode change : entry.path("changes")) {
				JsonNode value = change.path("value");
				for (JsonNode status : value.path("statuses")) {
					ProviderReceipt receipt = receipt(botId, status);
					if (receipt != null) {
						receipts.add(receipt);
					}
				}
				for (JsonNode message : value.path("messages")) {
					messages.add(message(message));
				}
			}
		}
		return new VendorWebhooks.Events(receipts, messages);
	}

	private static ProviderReceipt receipt(String botId, JsonNode status) {
		String id = status.path("id").asString(null);
		Status mapped = switch (status.path("status").asString("")) {
			case "sent" -> Status.DELIVERED_CHANNEL;
			case "delivered" -> Status.DELIVERED_USER;
			case "read" -> Status.READ;
			case "failed" -> Status.FAILED;
			default -> null;
		};
		if (id == null || mapped == null) {
			return null;
		}
		Instant at = Instant.ofEpochSecond(status.path("timestamp").asLong(Instant.now().getEpochSecond()));
		if (mapped != Status.FAILED) {
			return new ProviderReceipt(botId, id, mapped, at, null, null, null);
		}
		JsonNode error = status.path("errors").path(0);
		Integer code = error.hasNonNull("code") ? error.get("code").asInt() : null;
		WhatsAppErrors.Outcome outcome = WhatsAppErrors.forFailedStatus(code);
		return new ProviderReceipt(botId, id, Status.FAILED, at, outcome.kind(), outcome.errorCode(),
				error.path("title").asString(error.path("message").asString("failed")));
	}

	private static UserMessage message(JsonNode message) {
		String text = message.path("text").path("body").asString(null);
		if (text == null) {
			text = message.path("button").path("text").asString(null);
		}
		if (text == null) {
			text = message.path("interactive").path("button_reply").path("title").asString(null);
		}
		if (text == null) {
			text = "[" + message.path("type").asString("message") + "]";
		}
		return new UserMessage(message.path("from").asString(null), text, message.path("id").asString(null),
				message.path("context").path("id").asString(null),
				Instant.ofEpochSecond(message.path("timestamp").asLong(Instant.now().getEpochSecond())));
	}

}
