package io.tidings.bot;

/**
 * Published when a bot's channel has been given a provider and settings (stored and
 * visible to readers), so that accounts which listen on their own connections can open
 * them at once.
 */
public record ChannelConfigured(ChannelSetting setting) {
}
