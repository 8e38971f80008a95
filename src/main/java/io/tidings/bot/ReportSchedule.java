package io.tidings.bot;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * When a bot's CSV report is emailed: {@code daily} or {@code weekly} (on
 * {@code dayOfWeek}) at {@code time} in {@code timezone}, or {@code off}. Stored in the
 * bot's {@code reportSchedule} setting as
 * {@code {"frequency":"weekly","dayOfWeek":"MONDAY","time":"06:00","timezone":"Europe/Madrid"}}.
 *
 * @param dayOfWeek the day a weekly report is sent; null unless weekly
 */
public record ReportSchedule(Frequency frequency, DayOfWeek dayOfWeek, LocalTime time, ZoneId timezone) {

	private static final Set<String> FIELDS = Set.of("frequency", "dayOfWeek", "time", "timezone");

	private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm")
		.withResolverStyle(ResolverStyle.STRICT);

	private static final LocalTime DEFAULT_TIME = LocalTime.of(6, 0);

	private static final ZoneId UTC = ZoneId.of("UTC");

	/**
	 * How often a report is sent.
	 */
	public enum Frequency {

		OFF, DAILY, WEEKLY;

		public String wire() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/**
	 * Reads a schedule setting strictly, filling defaults ({@code time} 06:00,
	 * {@code timezone} UTC, {@code dayOfWeek} MONDAY for weekly).
	 * @throws InvalidBotSettingsException naming the field, e.g.
	 * {@code reportSchedule.frequency}
	 */
	public static ReportSchedule parse(Map<String, ?> setting) {
		for (String key : setting.keySet()) {
			if (!FIELDS.contains(key)) {
				throw invalid(key, "is not a schedule field (frequency, dayOfWeek, time, timezone)");
			}
		}
		Frequency frequency = frequency(text(setting, "frequency"));
		if (frequency == Frequency.OFF) {
			return new ReportSchedule(Frequency.OFF, null, null, null);
		}
		String day = text(setting, "dayOfWeek");
		DayOfWeek dayOfWeek = (frequency == Frequency.WEEKLY) ? dayOfWeek(day) : null;
		String time = text(setting, "time");
		String zone = text(setting, "timezone");
		return new ReportSchedule(frequency, dayOfWeek, (time != null) ? time(time) : DEFAULT_TIME,
				(zone != null) ? zone(zone) : UTC);
	}

	public boolean isOff() {
		return this.frequency == Frequency.OFF;
	}

	/**
	 * The setting as stored and shown, with defaults filled in.
	 */
	public Map<String, Object> toMap() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("frequency", this.frequency.wire());
		if (this.dayOfWeek != null) {
			map.put("dayOfWeek", this.dayOfWeek.name());
		}
		if (!isOff()) {
			map.put("time", HH_MM.format(this.time));
			map.put("timezone", this.timezone.getId());
		}
		return map;
	}

	private static Frequency frequency(String value) {
		if (value == null) {
			throw new InvalidBotSettingsException("reportSchedule.frequency",
					"reportSchedule.frequency is required (daily, weekly or off)");
		}
		for (Frequency frequency : Frequency.values()) {
			if (frequency.name().equalsIgnoreCase(value.strip())) {
				return frequency;
			}
		}
		throw invalid("frequency", "must be daily, weekly or off");
	}

	private static DayOfWeek dayOfWeek(String value) {
		if (value == null) {
			return DayOfWeek.MONDAY;
		}
		try {
			return DayOfWeek.valueOf(value.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw invalid("dayOfWeek", "must be a day name such as MONDAY");
		}
	}

	private static LocalTime time(String value) {
		try {
			return LocalTime.parse(value.strip(), HH_MM);
		}
		catch (DateTimeParseException ex) {
			throw invalid("time", "must be a time of day as HH:mm, e.g. 06:00");
		}
	}

	private static ZoneId zone(String value) {
		try {
			return ZoneId.of(value.strip());
		}
		catch (DateTimeException ex) {
			throw invalid("timezone", "must be a time zone id such as UTC or Europe/Madrid");
		}
	}

	private static String text(Map<String, ?> setting, String field) {
		Object value = setting.get(field);
		if (value == null) {
			return null;
		}
		if (!(value instanceof String text)) {
			throw invalid(field, "must be a string");
		}
		return text;
	}

	private static InvalidBotSettingsException invalid(String field, String problem) {
		String path = "reportSchedule." + field;
		return new InvalidBotSettingsException(path, path + " " + problem);
	}

}
