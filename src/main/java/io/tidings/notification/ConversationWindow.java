package io.tidings.notification;

import java.time.Duration;
import java.time.Instant;

/**
 * WhatsApp's customer-service window: free-form messages may be sent to a user only
 * within 24 hours of the user's last message.
 */
public final class ConversationWindow {

	public static final Duration LENGTH = Duration.ofHours(24);

	private ConversationWindow() {
	}

	/**
	 * Whether a session message may be sent at {@code now}.
	 * @param lastInbound when the user last wrote, or null if never
	 */
	public static boolean isOpen(Instant lastInbound, Instant now) {
		return lastInbound != null && !lastInbound.isAfter(now.plusSeconds(60))
				&& now.isBefore(lastInbound.plus(LENGTH));
	}

}
