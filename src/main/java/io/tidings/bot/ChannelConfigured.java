package io.tidings.bot;

/**
 * Published when a bot's channel has been given a provider and settings (stored and
 * visible to readers), so that accounts which listen on their own connections can open
 * them at once.
 *
 * @param elsewhere whether another instance made the change (heard through the database):
 * then only accounts this instance already holds are connected again
 */
public record ChannelConfigured(ChannelSetting setting, boolean elsewhere) {

	/**
	 * Configured through this instance.
	 */
	public ChannelConfigured(ChannelSetting setting) {
		this(setting, false);
	}

}
