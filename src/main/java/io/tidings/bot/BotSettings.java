package io.tidings.bot;

import java.util.List;
import java.util.Map;

import io.tidings.common.CallbackFormat;

/**
 * Settings given on create or patch; a null field keeps its current (or default) value.
 */
public record BotSettings(String name, Boolean apiAccessEnabled, Integer rateLimitPerMinute,
		CallbackFormat webhookFormat, String defaultCountryCode, String postbackUrl, Integer retentionDays,
		List<String> reportRecipients, Map<String, Object> reportSchedule, List<String> callbackEvents) {

	public static BotSettings named(String name) {
		return new BotSettings(name, null, null, null, null, null, null, null, null, null);
	}

}
