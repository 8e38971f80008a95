package io.tidings.receipt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.tidings.bot.BotChannels;
import io.tidings.bot.ChannelSetting;
import io.tidings.channel.ProviderReceipt;
import io.tidings.channel.UserMessage;
import io.tidings.channel.VendorWebhooks;
import io.tidings.common.Channel;
import io.tidings.common.PhoneNumber;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Service;

/**
 * Meta's webhooks for a bot's WhatsApp Cloud number (API.md §8): the verify-token
 * handshake, the signature check over the raw body, and the statuses and user messages of
 * one delivery applied in one transaction, group-committed with concurrent deliveries.
 */
@Service
public class WhatsAppWebhook {

	private final BotChannels channels;

	private final WebhookCommits commits;

	private final TemplateWebhookEvents templateEvents;

	// the Kafka mode: statuses go to Kafka, user messages still to PostgreSQL
	private final KafkaReceipts kafka;

	WhatsAppWebhook(BotChannels channels, WebhookCommits commits, TemplateWebhookEvents templateEvents,
			Optional<KafkaReceipts> kafka) {
		this.channels = channels;
		this.commits = commits;
		this.templateEvents = templateEvents;
		this.kafka = kafka.orElse(null);
	}

	/**
	 * The challenge to echo when the verify token matches the bot's, else empty.
	 */
	public Optional<String> verify(String botId, String mode, String token, String challenge) {
		return setting(botId).map((s) -> (String) s.settings().get("verifyToken"))
			.filter((expected) -> "subscribe".equals(mode) && token != null
					&& MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
							token.getBytes(StandardCharsets.UTF_8)))
			.map((expected) -> (challenge != null) ? challenge : "");
	}

	/**
	 * Whether the body carries a valid signature by the bot's app secret.
	 */
	public boolean signed(String botId, String signatureHeader, byte[] body) {
		String secret = setting(botId).map((s) -> (String) s.settings().get("appSecret")).orElse(null);
		return VendorWebhooks.whatsAppSignatureValid(secret, signatureHeader, body);
	}

	/**
	 * Applies every status and message of a verified delivery.
	 * @return how many statuses and messages it held
	 */
	public int apply(String botId, JsonNode payload, String defaultCountryCode) {
		int templateChanges = this.templateEvents.apply(botId, payload);
		VendorWebhooks.Events events = VendorWebhooks.whatsApp(botId, payload);
		List<InboundMessage> messages = events.messages()
			.stream()
			.map((m) -> inbound(botId, m, defaultCountryCode))
			.flatMap(Optional::stream)
			.toList();
		List<ProviderReceipt> receipts = events.receipts();
		int streamed = 0;
		if (this.kafka != null && !receipts.isEmpty()) {
			this.kafka.accept(receipts);
			streamed = receipts.size();
			receipts = List.of();
		}
		if (receipts.isEmpty() && messages.isEmpty()) {
			return streamed + templateChanges;
		}
		CompletableFuture<Integer> committed = this.commits.submit(receipts, messages);
		try {
			return committed.get(30, TimeUnit.SECONDS) + streamed + templateChanges;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while the webhook was being stored", ex);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof RuntimeException runtime) ? runtime : new IllegalStateException(ex);
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("the webhook was not stored within 30 s", ex);
		}
	}

	private static Optional<InboundMessage> inbound(String botId, UserMessage m, String defaultCountryCode) {
		return PhoneNumber.parse(m.from(), defaultCountryCode)
			.map((from) -> new InboundMessage(botId, from.digits(), Channel.WHATSAPP, m.text(), m.providerMessageId(),
					m.contextId(), m.receivedAt()));
	}

	private Optional<ChannelSetting> setting(String botId) {
		return this.channels.find(botId, Channel.WHATSAPP).filter((s) -> s.provider().equals("whatsapp-cloud"));
	}

}
