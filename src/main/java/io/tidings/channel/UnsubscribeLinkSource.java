package io.tidings.channel;

/**
 * Where email providers get the one-click unsubscribe URL (RFC 8058) of a recipient of a
 * bot's emails.
 */
public interface UnsubscribeLinkSource {

	/**
	 * The URL that, POSTed to, unsubscribes this address from the bot's emails.
	 */
	String url(String botId, String address);

}
