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
 * ({@link StatusSubscribers}).
 */
@Component
class CallbackChoice {

	private final Bots bots;

	private final List<StatusSubscribers> subscribers;

	CallbackChoice(Bots bots, List<StatusSubscribers> subscribers) {
		this.bots = bots;
		this.subscribers = subscribers;
	}

	boolean wanted(String botId, Status status) {
		if (this.bots.find(botId).map((Bot bot) -> bot.callsBack(status)).orElse(true)) {
			return true;
		}
		for (StatusSubscribers s : this.subscribers) {
			if (s.want(botId, status)) {
				return true;
			}
		}
		return false;
	}

}
