package io.tidings.dashboard;

import java.io.Serializable;

import io.tidings.bot.Caller;

/**
 * Who is signed in to the console: the admin, or one bot (public for the templates'
 * expressions).
 */
public record ConsoleUser(boolean admin, String botId) implements Serializable {

	static ConsoleUser of(Caller caller) {
		return switch (caller) {
			case Caller.Admin admin -> new ConsoleUser(true, null);
			case Caller.BotKey key -> new ConsoleUser(false, key.botId());
		};
	}

	public boolean canSee(String botId) {
		return this.admin || this.botId.equals(botId);
	}

	public String label() {
		return this.admin ? "admin" : this.botId;
	}

}
