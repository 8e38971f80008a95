package io.tidings.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The local days {@code firstDay} to {@code lastDay} in {@code zone}, that is
 * {@code [from, to)}, whose scheduled report falls due at {@code dueAt}.
 */
record ReportPeriod(Instant from, Instant to, Instant dueAt, ZoneId zone) {

	LocalDate firstDay() {
		return LocalDate.ofInstant(this.from, this.zone);
	}

	LocalDate lastDay() {
		return LocalDate.ofInstant(this.to, this.zone).minusDays(1);
	}

}
