package io.tidings.api.yellow;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import io.tidings.api.ApiException;
import io.tidings.api.ErrorCodes;
import tools.jackson.databind.JsonNode;

/**
 * Reads {@code config.scheduleAt} (API.md §12): {@code "immediate"} (the default) or an
 * ISO-8601 date-time at most 30 days ahead; a date-time without an offset is UTC.
 */
final class ScheduleAt {

	static final String FIELD = "config.scheduleAt";

	private static final Duration HORIZON = Duration.ofDays(30);

	private ScheduleAt() {
	}

	/**
	 * @return when to send, or null for now (a time already past also sends now)
	 */
	static Instant read(JsonNode config, Instant now) {
		JsonNode value = (config != null) ? config.get("scheduleAt") : null;
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			throw invalid();
		}
		String text = value.asString().strip();
		if (text.isEmpty() || text.equalsIgnoreCase("immediate")) {
			return null;
		}
		Instant at = parse(text);
		if (at.isAfter(now.plus(HORIZON))) {
			throw ApiException.unprocessable(ErrorCodes.INVALID_PARAMETER,
					FIELD + " is more than 30 days ahead: " + text);
		}
		return at.isAfter(now) ? at : null;
	}

	private static Instant parse(String text) {
		try {
			return OffsetDateTime.parse(text).toInstant();
		}
		catch (DateTimeParseException withoutOffset) {
			try {
				return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
			}
			catch (DateTimeParseException ex) {
				throw invalid();
			}
		}
	}

	private static ApiException invalid() {
		return ApiException
			.badRequest(FIELD + " must be \"immediate\" or an ISO-8601 date-time such as 2026-12-01T09:30:00Z");
	}

}
