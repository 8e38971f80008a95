package io.tidings.bot;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ReportScheduleTests {

	@Test
	void dailyScheduleGetsDefaultTimeAndZone() {
		ReportSchedule schedule = ReportSchedule.parse(Map.of("frequency", "Daily"));
		assertThat(schedule)
			.isEqualTo(new ReportSchedule(ReportSchedule.Frequency.DAILY, null, LocalTime.of(6, 0), ZoneId.of("UTC")));
		assertThat(schedule.toMap()).containsExactly(Map.entry("frequency", "daily"), Map.entry("time", "06:00"),
				Map.entry("timezone", "UTC"));
	}

	@Test
	void weeklyScheduleIsNormalisedForStorage() {
		ReportSchedule schedule = ReportSchedule
			.parse(Map.of("frequency", "weekly", "dayOfWeek", "friday", "time", "18:30", "timezone", "Europe/Madrid"));
		assertThat(schedule.dayOfWeek()).isEqualTo(DayOfWeek.FRIDAY);
		assertThat(schedule.timezone()).isEqualTo(ZoneId.of("Europe/Madrid"));
		assertThat(schedule.toMap()).containsExactly(Map.entry("frequency", "weekly"), Map.entry("dayOfWeek", "FRIDAY"),
				Map.entry("time", "18:30"), Map.entry("timezone", "Europe/Madrid"));
		assertThat(ReportSchedule.parse(Map.of("frequency", "weekly")).dayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
	}

	@Test
	void offScheduleKeepsOnlyItsFrequency() {
		ReportSchedule off = ReportSchedule.parse(Map.of("frequency", "off", "time", "07:00"));
		assertThat(off.isOff()).isTrue();
		assertThat(off.toMap()).containsExactly(Map.entry("frequency", "off"));
	}

	@Test
	void badValuesNameTheirField() {
		assertInvalid(Map.of(), "reportSchedule.frequency");
		assertInvalid(Map.of("frequency", "hourly"), "reportSchedule.frequency");
		assertInvalid(Map.of("frequency", 1), "reportSchedule.frequency");
		assertInvalid(Map.of("frequency", "weekly", "dayOfWeek", "Funday"), "reportSchedule.dayOfWeek");
		assertInvalid(Map.of("frequency", "daily", "time", "6am"), "reportSchedule.time");
		assertInvalid(Map.of("frequency", "daily", "time", "24:00"), "reportSchedule.time");
		assertInvalid(Map.of("frequency", "daily", "timezone", "Mars/Olympus"), "reportSchedule.timezone");
		assertInvalid(Map.of("frequency", "daily", "timeZone", "UTC"), "reportSchedule.timeZone");
	}

	private static void assertInvalid(Map<String, ?> setting, String field) {
		assertThatExceptionOfType(InvalidBotSettingsException.class).isThrownBy(() -> ReportSchedule.parse(setting))
			.satisfies((ex) -> {
				assertThat(ex.field()).isEqualTo(field);
				assertThat(ex.getMessage()).startsWith(field + " ");
			});
	}

}
