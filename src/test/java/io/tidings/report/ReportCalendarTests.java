package io.tidings.report;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

import io.tidings.bot.ReportSchedule;
import io.tidings.bot.ReportSchedule.Frequency;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportCalendarTests {

	private static final ZoneId MADRID = ZoneId.of("Europe/Madrid");

	private final ReportSchedule dailyAtSix = new ReportSchedule(Frequency.DAILY, null, LocalTime.of(6, 0),
			ZoneOffset.UTC);

	@Test
	void dailyReportBecomesDueAtItsTimeAndCoversTheDayBefore() {
		ReportPeriod due = ReportCalendar.latestDue(this.dailyAtSix, Instant.parse("2025-06-02T06:00:00Z"))
			.orElseThrow();
		assertThat(due.from()).isEqualTo(Instant.parse("2025-06-01T00:00:00Z"));
		assertThat(due.to()).isEqualTo(Instant.parse("2025-06-02T00:00:00Z"));
		assertThat(due.dueAt()).isEqualTo(Instant.parse("2025-06-02T06:00:00Z"));
		assertThat(due.firstDay()).isEqualTo(due.lastDay()).hasToString("2025-06-01");
	}

	@Test
	void beforeItsTimeTheLatestDueReportIsTheDayBeforeYesterdays() {
		ReportPeriod due = ReportCalendar.latestDue(this.dailyAtSix, Instant.parse("2025-06-02T05:59:59Z"))
			.orElseThrow();
		assertThat(due.firstDay()).hasToString("2025-05-31");
		assertThat(due.dueAt()).isEqualTo(Instant.parse("2025-06-01T06:00:00Z"));
	}

	@Test
	void nextDailyReportIsTodaysUntilItsTimeHasCome() {
		assertThat(ReportCalendar.next(this.dailyAtSix, Instant.parse("2025-06-02T05:59:59Z")).orElseThrow().dueAt())
			.isEqualTo(Instant.parse("2025-06-02T06:00:00Z"));
		ReportPeriod next = ReportCalendar.next(this.dailyAtSix, Instant.parse("2025-06-02T06:00:00Z")).orElseThrow();
		assertThat(next.dueAt()).isEqualTo(Instant.parse("2025-06-03T06:00:00Z"));
		assertThat(next.firstDay()).hasToString("2025-06-02");
	}

	@Test
	void weeklyReportIsSentOnItsDayAndCoversTheSevenDaysBefore() {
		ReportSchedule mondays = new ReportSchedule(Frequency.WEEKLY, DayOfWeek.MONDAY, LocalTime.of(8, 0), MADRID);
		// Wednesday 2025-06-04: the latest report went out on Monday 2 June at 08:00
		// Madrid (06:00 UTC)
		ReportPeriod due = ReportCalendar.latestDue(mondays, Instant.parse("2025-06-04T12:00:00Z")).orElseThrow();
		assertThat(due.dueAt()).isEqualTo(Instant.parse("2025-06-02T06:00:00Z"));
		assertThat(due.from()).isEqualTo(Instant.parse("2025-05-25T22:00:00Z"));
		assertThat(due.to()).isEqualTo(Instant.parse("2025-06-01T22:00:00Z"));
		assertThat(due.firstDay()).hasToString("2025-05-26");
		assertThat(due.lastDay()).hasToString("2025-06-01");
		ReportPeriod next = ReportCalendar.next(mondays, Instant.parse("2025-06-04T12:00:00Z")).orElseThrow();
		assertThat(next.dueAt()).isEqualTo(Instant.parse("2025-06-09T06:00:00Z"));
		assertThat(next.firstDay()).hasToString("2025-06-02");
	}

	@Test
	void onItsDayBeforeItsTimeTheWeeklyReportDueIsLastWeeks() {
		ReportSchedule mondays = new ReportSchedule(Frequency.WEEKLY, DayOfWeek.MONDAY, LocalTime.of(8, 0), MADRID);
		Instant mondayMorning = Instant.parse("2025-06-02T05:59:00Z");
		assertThat(ReportCalendar.latestDue(mondays, mondayMorning).orElseThrow().dueAt())
			.isEqualTo(Instant.parse("2025-05-26T06:00:00Z"));
		assertThat(ReportCalendar.next(mondays, mondayMorning).orElseThrow().dueAt())
			.isEqualTo(Instant.parse("2025-06-02T06:00:00Z"));
	}

	@Test
	void daysFollowDaylightSavingChanges() {
		ReportSchedule daily = new ReportSchedule(Frequency.DAILY, null, LocalTime.of(2, 30), MADRID);
		// Madrid skips 02:00-03:00 on 2025-03-30: that day lasts 23 hours and 02:30
		// becomes 03:30
		ReportPeriod springForward = ReportCalendar.latestDue(daily, Instant.parse("2025-03-31T12:00:00Z"))
			.orElseThrow();
		assertThat(springForward.from()).isEqualTo(Instant.parse("2025-03-29T23:00:00Z"));
		assertThat(springForward.to()).isEqualTo(Instant.parse("2025-03-30T22:00:00Z"));
		ReportPeriod skipped = ReportCalendar.latestDue(daily, Instant.parse("2025-03-30T12:00:00Z")).orElseThrow();
		assertThat(skipped.dueAt()).isEqualTo(Instant.parse("2025-03-30T01:30:00Z"));
		// and repeats 02:00-03:00 on 2025-10-26: 25 hours
		ReportPeriod fallBack = ReportCalendar.latestDue(daily, Instant.parse("2025-10-27T12:00:00Z")).orElseThrow();
		assertThat(fallBack.from()).isEqualTo(Instant.parse("2025-10-25T22:00:00Z"));
		assertThat(fallBack.to()).isEqualTo(Instant.parse("2025-10-26T23:00:00Z"));
	}

	@Test
	void offScheduleIsNeverDue() {
		ReportSchedule off = new ReportSchedule(Frequency.OFF, null, null, null);
		assertThat(ReportCalendar.latestDue(off, Instant.now())).isEmpty();
		assertThat(ReportCalendar.next(off, Instant.now())).isEmpty();
	}

}
