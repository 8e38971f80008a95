package io.tidings.channel;

/**
 * A configured account at one vendor, able to send messages.
 */
public interface Provider {

	/**
	 * Sends one message. Never throws for a vendor's refusal: it becomes a result.
	 */
	SendResult send(Delivery delivery);

	/**
	 * Releases connections when the account's settings change or the service stops.
	 */
	default void close() {
	}

}
