package io.tidings.channel;

import java.util.List;

import io.tidings.channel.whatsappcloud.WhatsAppWebhookPayload;
import tools.jackson.databind.JsonNode;

/**
 * Reads vendors' webhook deliveries into receipts and user messages, and checks their
 * signatures; each vendor's format and codes stay in its package.
 */
public final class VendorWebhooks {

	private VendorWebhooks() {
	}

	/**
	 * Whether Meta signed this raw body with the app secret
	 * ({@code X-Hub-Signature-256}).
	 */
	public static boolean whatsAppSignatureValid(String appSecret, String signatureHeader, byte[] body) {
		return WhatsAppWebhookPayload.signatureValid(appSecret, signatureHeader, body);
	}

	/**
	 * The statuses and messages of one WhatsApp Cloud API webhook delivery.
	 */
	public static Events whatsApp(String botId, JsonNode payload) {
		return WhatsAppWebhookPayload.read(botId, payload);
	}

	/**
	 * What a webhook delivery reported.
	 */
	public record Events(List<ProviderReceipt> receipts, List<UserMessage> messages) {
	}

}
