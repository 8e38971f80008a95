package io.tidings.channel;

/**
 * A configured account at one vendor, able to send messages.
 */
public interface Provider {

	/**
	 * Sends one message. Never throws for a vendor's refusal: it becomes a result.
	 */
	SendResult send(Delivery delivery);

}
