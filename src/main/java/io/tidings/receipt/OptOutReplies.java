package io.tidings.receipt;

import io.tidings.bot.BotMessaging;
import io.tidings.suppression.StopWords;
import io.tidings.suppression.Suppressions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * A user's message that is entirely one of the bot's stop words puts them on the bot's
 * suppression list for that channel; {@code START} takes them off (API.md §14).
 */
@Component
class OptOutReplies {

	private static final Logger log = LoggerFactory.getLogger(OptOutReplies.class);

	private final BotMessaging messaging;

	private final Suppressions suppressions;

	OptOutReplies(BotMessaging messaging, Suppressions suppressions) {
		this.messaging = messaging;
		this.suppressions = suppressions;
	}

	void apply(InboundMessage message) {
		StopWords.optOut(message.text(), this.messaging.find(message.botId()).stopWords()).ifPresent((optOut) -> {
			if (optOut) {
				this.suppressions.add(message.botId(), message.channel(), message.userId(), "stop-word");
			}
			else {
				this.suppressions.remove(message.botId(), message.channel(), message.userId());
			}
			log.info("User …{} opted {} of bot {} on {}", last4(message.userId()), optOut ? "out" : "back in",
					message.botId(), message.channel().wire());
		});
	}

	private static String last4(String number) {
		return (number.length() > 4) ? number.substring(number.length() - 4) : number;
	}

}
