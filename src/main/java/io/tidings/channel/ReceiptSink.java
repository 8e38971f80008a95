package io.tidings.channel;

import java.util.List;

import io.tidings.common.Channel;

/**
 * Where providers hand the statuses they report on their own connections (SMPP
 * {@code deliver_sm}); the receipt module applies them to notifications.
 */
public interface ReceiptSink {

	/**
	 * Applies the receipts; unknown message ids are ignored.
	 */
	void accept(List<ProviderReceipt> receipts);

	/**
	 * Records a message a user sent on a provider's connection (an SMS over SMPP).
	 */
	default void inbound(String botId, Channel channel, UserMessage message) {
	}

	/**
	 * Records one part of a concatenated message a user sent: the message is recorded, as
	 * one text, once all its parts are in.
	 * @param reference the message's reference as the provider gave it
	 * @param total how many parts the message has
	 * @param seq this part's place, from 1
	 */
	default void inboundPart(String botId, Channel channel, UserMessage part, String reference, int total, int seq) {
		inbound(botId, channel, part);
	}

}
