package io.tidings.dashboard;

import org.springframework.stereotype.Component;

import io.tidings.bot.Bot;
import io.tidings.bot.Bots;

/**
 * The console's access rule, the same as the API's: a bot key sees only its bot (others
 * are not found), bots and keys need the admin.
 */
@Component
class ConsoleAccess {

	private final Bots bots;

	ConsoleAccess(Bots bots) {
		this.bots = bots;
	}

	Bot bot(ConsoleUser user, String botId) {
		if (!user.canSee(botId)) {
			throw new PageNotFoundException("Bot " + botId + " not found");
		}
		return this.bots.find(botId).orElseThrow(() -> new PageNotFoundException("Bot " + botId + " not found"));
	}

	void admin(ConsoleUser user) {
		if (!user.admin()) {
			throw new ForbiddenPageException("This page needs the admin key");
		}
	}

}
