package io.tidings.notification;

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
 * setting again before posting.
 */
@Component
class CallbackChoice {

	private final Bots bots;

	CallbackChoice(Bots bots) {
		this.bots = bots;
	}

	boolean wanted(String botId, Status status) {
		return this.bots.find(botId).map((Bot bot) -> bot.callsBack(status)).orElse(true);
	}

}
