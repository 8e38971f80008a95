package io.tidings.bot;

/**
 * No bot has that id, or the caller may not see it.
 */
public class BotNotFoundException extends RuntimeException {

	public BotNotFoundException(String botId) {
		super("Bot " + botId + " not found");
	}

}
