package io.tidings.channel;

import java.util.Map;
import java.util.Set;

import io.tidings.common.Channel;

/**
 * Builds providers of one kind ({@code simulator}, {@code whatsapp-cloud}, …) from a
 * channel's settings.
 */
public interface ProviderFactory {

	/**
	 * The name channel settings use ({@code provider}).
	 */
	String name();

	/**
	 * The channels this kind of provider can serve.
	 */
	Set<Channel> channels();

	/**
	 * True when its providers receive statuses on connections of their own (SMPP), which
	 * must be open before anything is sent.
	 */
	default boolean listens() {
		return false;
	}

	/**
	 * Checks the settings.
	 * @throws InvalidChannelSettingsException naming the first bad field
	 */
	void validate(Map<String, Object> settings);

	/**
	 * Builds a provider for one account.
	 * @param botId the bot the account belongs to (receipts name it)
	 * @param receipts where the provider reports statuses that arrive on its own
	 * connections
	 */
	Provider create(String botId, Map<String, Object> settings, ReceiptSink receipts);

}
