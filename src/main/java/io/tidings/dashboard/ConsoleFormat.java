package io.tidings.dashboard;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.springframework.stereotype.Component;

/**
 * Formatting the templates call as {@code @fmt}: times in UTC, as the API gives them.
 */
@Component("fmt")
class ConsoleFormat {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
		.withZone(ZoneOffset.UTC);

	public String time(Instant instant) {
		return (instant != null) ? TIME.format(instant) : "";
	}

	public String percent(long part, long whole) {
		return (whole == 0) ? "0%" : Math.round(part * 100.0 / whole) + "%";
	}

}
