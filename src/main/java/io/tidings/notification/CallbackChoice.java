package io.tidings.notification;

import java.util.List;

import io.tidings.bot.Bot;
import io.tidings.bot.Bots;
import io.tidings.common.Status;

import org.springframework.stereotype.Component;

/**
 * Whether an event is one to call back ({@code status_event.callback}, the outbox the
 * callback stream reads): the bot's {@code callbackEvents} (API.md §9) as the event is
 * recorded, so that a bot that asked only for final outcomes (Kannel's {@code dlr-mask})
 * costs the stream one event per message, not every step of the funnel. A change of
 * {@code callbackEvents} applies to events recorded after it; the sender checks the
 * setting again before posting. A status a webhook subscription wants is called back too
 * ({@link StatusSubscribers}). A status is not called back when neither the notification
 * ({@code config.postbackUrl}) nor its bot has a postback URL and no subscription wants
 * it: there is nobody to call, and its event row (an insert, the stream's read and a
 * cursor move) was 3.6 of the 5.7 tuple writes per notification of a bot that polls
 * instead (S1).
 */
@Component
class CallbackChoice {

	private final Bots bots;

	private final List<StatusSubscribers> subscribers;

	CallbackChoice(Bots bots, List<StatusSubscribers> subscribers) {
		this.bots = bots;
		this.subscribers = subscribers;
	}

	/**
	 * Whether a change of a notification of {@code botId} to {@code status} is called
	 * back.
	 * @param postbackUrl the notification's own postback URL, or {@code null}
	 */
	boolean wanted(String botId, String postbackUrl, Status status) {
		Bot bot = this.bots.find(botId).orElse(null);
		if (bot == null) {
			return true;
		}
		if (bot.callsBack(status) && (hasText(postbackUrl) || hasText(bot.postbackUrl()))) {
			return true;
		}
		for (StatusSubscribers s : this.subscribers) {
			if (s.want(botId, status)) {
				return true;
			}
		}
		return false;
	}

	private static boolean hasText(String url) {
		return url != null && !url.isBlank();
	}

}
