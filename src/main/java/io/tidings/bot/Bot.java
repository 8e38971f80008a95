package io.tidings.bot;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.tidings.common.CallbackFormat;

/**
 * A tenant and its settings (API.md §1).
 */
public record Bot(String id, long clientId, String name, boolean apiAccessEnabled, int rateLimitPerMinute,
		CallbackFormat webhookFormat, String defaultCountryCode, String postbackUrl, String webhookSecret,
		int retentionDays, List<String> reportRecipients, Map<String, Object> reportSchedule, Instant createdAt) {
}
