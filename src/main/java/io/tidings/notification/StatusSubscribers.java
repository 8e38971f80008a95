package io.tidings.notification;

import io.tidings.common.Status;

/**
 * Endpoints besides the bot's postback that want a bot's statuses (the Jelou webhook
 * subscriptions of API.md §12): an event one of them wants goes into the callback outbox
 * even when the bot's {@code callbackEvents} leaves its status out.
 */
public interface StatusSubscribers {

	/**
	 * Whether any subscriber of the bot wants its notifications' {@code status}.
	 */
	boolean want(String botId, Status status);

}
