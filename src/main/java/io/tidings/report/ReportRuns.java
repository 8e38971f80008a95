package io.tidings.report;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.tidings.bot.Bot;
import io.tidings.bot.Bots;
import io.tidings.bot.ReportSchedule;
import io.tidings.common.EmailAddress;
import io.tidings.common.InvalidFieldException;

import org.springframework.stereotype.Service;

/**
 * A bot's emailed reports: one-off reports on request, and the log of every report,
 * scheduled or not.
 */
@Service
public class ReportRuns {

	static final Duration MAX_RANGE = Duration.ofDays(366);

	private static final int MAX_RECIPIENTS = 50;

	private final Bots bots;

	private final ReportRunRepository runs;

	private final ReportScheduler scheduler;

	private final ReportMail mail;

	private final Clock clock;

	ReportRuns(Bots bots, ReportRunRepository runs, ReportScheduler scheduler, ReportMail mail, Clock clock) {
		this.bots = bots;
		this.runs = runs;
		this.scheduler = scheduler;
		this.mail = mail;
		this.clock = clock;
	}

	/**
	 * Queues a report of the bot's notifications created in {@code [from, to)} and starts
	 * sending it at once.
	 * @param recipients who gets it; null or empty for the bot's {@code reportRecipients}
	 * @return the pending run
	 * @throws InvalidFieldException naming {@code from}, {@code to} or
	 * {@code recipients[i]}
	 * @throws ReportMailUnavailableException when no SMTP server is configured
	 */
	public ReportRun sendOnce(String botId, Instant from, Instant to, List<String> recipients) {
		Bot bot = this.bots.get(botId);
		String missing = (from == null) ? "from" : (to == null) ? "to" : null;
		if (missing != null) {
			throw new InvalidFieldException(missing, missing + " is required");
		}
		if (!from.isBefore(to)) {
			throw new InvalidFieldException("from", "from must be before to");
		}
		if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
			throw new InvalidFieldException("to", "to must be at most 366 days after from");
		}
		List<String> addresses = recipients(bot, recipients);
		this.mail.checkConfigured();
		UUID id = this.runs.createOneOff(botId, from, to, addresses, this.clock.instant());
		this.scheduler.wake();
		return this.runs.find(botId, id).orElseThrow();
	}

	/**
	 * The bot's reports, newest first.
	 */
	public List<ReportRun> list(String botId, int limit, long offset) {
		return this.runs.list(botId, limit, offset);
	}

	public long count(String botId) {
		return this.runs.count(botId);
	}

	public Optional<ReportRun> find(String botId, UUID id) {
		return this.runs.find(botId, id);
	}

	/**
	 * When the bot's next scheduled report falls due; empty when its schedule is off or
	 * it has no report recipients.
	 */
	public Optional<Instant> nextScheduledAt(Bot bot) {
		if (bot.reportSchedule() == null || bot.reportRecipients().isEmpty()) {
			return Optional.empty();
		}
		try {
			return ReportCalendar.next(ReportSchedule.parse(bot.reportSchedule()), this.clock.instant())
				.map(ReportPeriod::dueAt);
		}
		catch (InvalidFieldException ex) {
			return Optional.empty();
		}
	}

	private static List<String> recipients(Bot bot, List<String> given) {
		if (given == null || given.isEmpty()) {
			if (bot.reportRecipients().isEmpty()) {
				throw new InvalidFieldException("recipients",
						"recipients is required: bot " + bot.id() + " has no reportRecipients");
			}
			return bot.reportRecipients();
		}
		if (given.size() > MAX_RECIPIENTS) {
			throw new InvalidFieldException("recipients", "recipients holds at most " + MAX_RECIPIENTS + " addresses");
		}
		List<String> addresses = new ArrayList<>();
		for (int i = 0; i < given.size(); i++) {
			String path = "recipients[" + i + "]";
			String address = EmailAddress.parse(given.get(i))
				.orElseThrow(() -> new InvalidFieldException(path, path + " is not a valid email address"))
				.value();
			if (!addresses.contains(address)) {
				addresses.add(address);
			}
		}
		return addresses;
	}

}
