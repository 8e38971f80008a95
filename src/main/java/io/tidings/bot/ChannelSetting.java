package io.tidings.bot;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.tidings.common.Channel;

/**
 * Which provider serves one of a bot's channels, with that provider's settings.
 */
public record ChannelSetting(String botId, Channel channel, String provider, Map<String, Object> settings,
		Instant updatedAt) {

	/** Settings that are write-only: never returned by the API, never logged. */
	public static final Set<String> SECRETS = Set.of("accessToken", "appSecret", "password");

	/**
	 * The settings without their secrets, for showing.
	 */
	public Map<String, Object> visibleSettings() {
		Map<String, Object> visible = new LinkedHashMap<>(this.settings);
		visible.keySet().removeAll(SECRETS);
		return visible;
	}

	@Override
	public String toString() {
		return "ChannelSetting[" + this.botId + ", " + this.channel + ", " + this.provider + ", " + visibleSettings()
				+ "]";
	}

}
