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
	 * Opens the connections the account receives on (SMPP binds) and keeps them open, so
	 * that statuses arrive with nothing being sent; accounts that only send do nothing.
	 */
	default void open() {
	}

	/**
	 * Releases connections when the account's settings change or the service stops.
	 */
	default void close() {
	}

}
