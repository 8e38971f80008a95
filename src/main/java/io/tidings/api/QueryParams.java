package io.tidings.api;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Query parameters read strictly, answering 400 with the parameter's name.
 */
public final class QueryParams {

	private QueryParams() {
	}

	/**
	 * The first value of a query parameter, as {@code getParameter} reads it. A short
	 * query of plain characters is read here: Tomcat's {@code getParameter} parses every
	 * parameter (and the body's charset) on first use, 2.4% of the JVM's samples per
	 * push; anything that needs decoding is left to it.
	 */
	public static String first(HttpServletRequest request, String name) {
		String query = request.getQueryString();
		if (query == null || query.length() > 256 || !plain(query)) {
			return request.getParameter(name);
		}
		int start = 0;
		while (start <= query.length()) {
			int end = query.indexOf('&', start);
			if (end < 0) {
				end = query.length();
			}
			int eq = query.indexOf('=', start);
			int nameEnd = (eq >= 0 && eq < end) ? eq : end;
			if (nameEnd - start == name.length() && query.startsWith(name, start)) {
				return (nameEnd == end) ? "" : query.substring(nameEnd + 1, end);
			}
			start = end + 1;
		}
		return null;
	}

	// nothing to decode (no escapes, no '+' for a space, printable ASCII only) and no
	// parameter without a name, which Tomcat counts as a parse failure
	private static boolean plain(String query) {
		for (int i = 0; i < query.length(); i++) {
			char c = query.charAt(i);
			if (c == '%' || c == '+' || c < 0x21 || c > 0x7e || (c == '=' && (i == 0 || query.charAt(i - 1) == '&'))) {
				return false;
			}
		}
		return true;
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
