package io.tidings.api;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Query parameters read strictly, answering 400 with the parameter's name.
 */
public final class QueryParams {

	private QueryParams() {
	}

	/**
	 * A whole number within bounds, or the default when absent.
	 */
	public static int integer(String name, String value, int defaultValue, int min, int max) {
		if (value == null || value.isBlank()) {
			return defaultValue;
		}
		int parsed;
		try {
			parsed = Integer.parseInt(value.strip());
		}
		catch (NumberFormatException ex) {
			throw ApiException.badRequest(name + " must be a whole number");
		}
		if (parsed < min || parsed > max) {
			throw ApiException.badRequest(name + " must be between " + min + " and " + max);
		}
		return parsed;
	}

	/**
	 * The start of a range: a bare date is its first instant (UTC), a date-time is
	 * itself.
	 */
	public static Instant from(String name, String value) {
		return instant(name, value, false);
	}

	/**
	 * The exclusive end of a range: a bare date covers its whole day (UTC), a date-time
	 * is included.
	 */
	public static Instant to(String name, String value) {
		return instant(name, value, true);
	}

	public static boolean bool(String name, String value) {
		if (value == null || value.isBlank()) {
			return false;
		}
		return switch (value.strip().toLowerCase()) {
			case "true", "1", "yes" -> true;
			case "false", "0", "no" -> false;
			default -> throw ApiException.badRequest(name + " must be true or false");
		};
	}

	private static Instant instant(String name, String value, boolean end) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String text = value.strip();
		try {
			if (text.length() == 10) {
				LocalDate date = LocalDate.parse(text);
				return (end ? date.plusDays(1) : date).atStartOfDay().toInstant(ZoneOffset.UTC);
			}
			Instant instant;
			try {
				instant = OffsetDateTime.parse(text).toInstant();
			}
			catch (DateTimeParseException ex) {
				instant = LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
			}
			return end ? instant.plusNanos(1000) : instant;
		}
		catch (DateTimeParseException ex) {
			throw ApiException
				.badRequest(name + " must be an ISO date (2024-02-29) or date-time (2024-02-29T11:27:13Z)");
		}
	}

}
