package io.tidings.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.Optional;

import io.tidings.bot.ReportSchedule;

/**
 * When scheduled reports fall due. A daily report sent on day D covers D-1; a weekly one
 * sent on its day of the week covers the seven days before. Days are local to the
 * schedule's time zone, so a day may last 23 or 25 hours.
 */
final class ReportCalendar {

	private ReportCalendar() {
	}

	/**
	 * The period whose report fell due most recently, at or before {@code now}.
	 */
	static Optional<ReportPeriod> latestDue(ReportSchedule schedule, Instant now) {
		if (schedule.isOff()) {
			return Optional.empty();
		}
		LocalDate today = LocalDate.ofInstant(now, schedule.timezone());
		LocalDate sendDay = weekly(schedule) ? today.with(TemporalAdjusters.previousOrSame(schedule.dayOfWeek()))
				: today;
		if (dueAt(schedule, sendDay).isAfter(now)) {
			sendDay = sendDay.minusDays(days(schedule));
		}
		return Optional.of(period(schedule, sendDay));
	}

	/**
	 * The period whose report falls due next, after {@code now}.
	 */
	static Optional<ReportPeriod> next(ReportSchedule schedule, Instant now) {
		if (schedule.isOff()) {
			return Optional.empty();
		}
		LocalDate today = LocalDate.ofInstant(now, schedule.timezone());
		LocalDate sendDay = weekly(schedule) ? today.with(TemporalAdjusters.nextOrSame(schedule.dayOfWeek())) : today;
		if (!dueAt(schedule, sendDay).isAfter(now)) {
			sendDay = sendDay.plusDays(days(schedule));
		}
		return Optional.of(period(schedule, sendDay));
	}

	private static ReportPeriod period(ReportSchedule schedule, LocalDate sendDay) {
		return new ReportPeriod(sendDay.minusDays(days(schedule)).atStartOfDay(schedule.timezone()).toInstant(),
				sendDay.atStartOfDay(schedule.timezone()).toInstant(), dueAt(schedule, sendDay), schedule.timezone());
	}

	private static Instant dueAt(ReportSchedule schedule, LocalDate sendDay) {
		// a time skipped by a daylight saving change moves forward by the gap
		return ZonedDateTime.of(sendDay, schedule.time(), schedule.timezone()).toInstant();
	}

	private static boolean weekly(ReportSchedule schedule) {
		return schedule.frequency() == ReportSchedule.Frequency.WEEKLY;
	}

	private static int days(ReportSchedule schedule) {
		return weekly(schedule) ? 7 : 1;
	}

}
