package io.tidings.report;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

import io.tidings.bot.Bot;
import io.tidings.bot.Bots;
import io.tidings.common.Status;
import io.tidings.notification.NotificationFilter;
import jakarta.mail.MessagingException;

import org.springframework.stereotype.Component;

/**
 * Sends one report: the period's notifications streamed to a temporary CSV file (so a
 * large period costs disk, not memory), then mailed with a short summary.
 */
@Component
class ReportSender {

	private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

	private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm");

	private final Bots bots;

	private final NotificationExport export;

	private final ReportMail mail;

	ReportSender(Bots bots, NotificationExport export, ReportMail mail) {
		this.bots = bots;
		this.export = export;
		this.mail = mail;
	}

	/**
	 * Sends the run's report.
	 * @return the notifications in it
	 */
	long send(ReportRun run) throws IOException, MessagingException {
		this.mail.checkConfigured();
		Bot bot = this.bots.get(run.botId());
		Path csv = Files.createTempFile("tidings-report-", ".csv");
		try {
			long[] byStatus = new long[Status.values().length];
			long rows;
			try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(csv))) {
				rows = this.export.write(bot.id(), new NotificationFilter(null, null, run.from(), run.to()), out,
						(n) -> byStatus[n.status().ordinal()]++);
			}
			String label = label(run);
			this.mail.send(run.recipients(), "Tidings report for " + bot.name() + ": " + label,
					text(bot, run, label, rows, byStatus), filename(bot, run), csv);
			return rows;
		}
		finally {
			Files.deleteIfExists(csv);
		}
	}

	private static String text(Bot bot, ReportRun run, String label, long rows, long[] byStatus) {
		StringBuilder text = new StringBuilder();
		text.append("Notifications of bot ").append(bot.name()).append(" (").append(bot.id()).append(")\n");
		text.append("created from ").append(run.from()).append(" to ").append(run.to());
		text.append(" (").append(label).append(", ").append(run.timezone().getId()).append(")\n\n");
		text.append("Total: ").append(rows).append('\n');
		for (Status status : Status.values()) {
			text.append(status.name()).append(": ").append(byStatus[status.ordinal()]).append('\n');
		}
		text.append("\nThe attached CSV lists each of them, newest first.\n");
		return text.toString();
	}

	/**
	 * The period as people say it: {@code 2025-06-01}, {@code 2025-06-01 to 2025-06-07},
	 * or, when it does not start and end at midnight, to the minute.
	 */
	private static String label(ReportRun run) {
		LocalDateTime from = LocalDateTime.ofInstant(run.from(), run.timezone());
		LocalDateTime to = LocalDateTime.ofInstant(run.to(), run.timezone());
		if (!wholeDays(from, to)) {
			return MINUTES.format(from) + " to " + MINUTES.format(to);
		}
		LocalDate last = to.toLocalDate().minusDays(1);
		return from.toLocalDate().equals(last) ? last.toString() : from.toLocalDate() + " to " + last;
	}

	private static String filename(Bot bot, ReportRun run) {
		LocalDateTime from = LocalDateTime.ofInstant(run.from(), run.timezone());
		LocalDateTime to = LocalDateTime.ofInstant(run.to(), run.timezone());
		String period = wholeDays(from, to) ? label(run).replace(" to ", "_")
				: COMPACT.format(from) + "_" + COMPACT.format(to);
		return "tidings-report-" + bot.id() + "-" + period + ".csv";
	}

	private static boolean wholeDays(LocalDateTime from, LocalDateTime to) {
		return from.toLocalTime().equals(LocalTime.MIDNIGHT) && to.toLocalTime().equals(LocalTime.MIDNIGHT);
	}

}
