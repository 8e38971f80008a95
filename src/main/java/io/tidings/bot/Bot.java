package io.tidings.bot;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tidings.common.CallbackFormat;
import io.tidings.common.Status;

/**
 * A tenant and its settings (API.md §1).
 *
 * @param callbackEvents the statuses whose changes are called back, all by default
 */
public record Bot(String id, long clientId, String name, boolean apiAccessEnabled, int rateLimitPerMinute,
		CallbackFormat webhookFormat, String defaultCountryCode, String postbackUrl, String webhookSecret,
		int retentionDays, List<String> reportRecipients, Map<String, Object> reportSchedule, Instant createdAt,
		Set<Status> callbackEvents) {

	/**
	 * Whether a change to {@code status} is called back to the bot's clients (API.md §9).
	 */
	public boolean callsBack(Status status) {
		return this.callbackEvents.contains(status);
	}

}
