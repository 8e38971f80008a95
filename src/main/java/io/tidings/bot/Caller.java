package io.tidings.bot;

/**
 * Who is calling: the admin, or one bot through one of its keys.
 */
public sealed interface Caller {

	/**
	 * Whether this caller may see the bot's resources; others answer 404.
	 */
	boolean canSee(String botId);

	boolean isAdmin();

	/**
	 * The admin key: every bot, and bots and keys management.
	 */
	record Admin() implements Caller {

		@Override
		public boolean canSee(String botId) {
			return true;
		}

		@Override
		public boolean isAdmin() {
			return true;
		}

	}

	/**
	 * A bot API key: its own bot only.
	 */
	record BotKey(String botId) implements Caller {

		@Override
		public boolean canSee(String botId) {
			return this.botId.equals(botId);
		}

		@Override
		public boolean isAdmin() {
			return false;
		}

	}

}
