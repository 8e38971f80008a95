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
	 * one text decoded from all its parts' bytes, once all its parts are in.
	 */
	default void inboundPart(String botId, Channel channel, UserMessagePart part) {
		inbound(botId, channel, new UserMessage(part.from(), part.text(), null, null, part.receivedAt()));
	}

}
