package io.tidings.api;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Timestamps as the seeds show them: ISO-8601 UTC with milliseconds
 * ({@code 2021-07-08T16:55:37.953Z}).
 */
public final class Times {

	private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	private Times() {
	}

	public static String iso(Instant instant) {
		return (instant != null) ? ISO_MILLIS.format(instant) : null;
	}

}
