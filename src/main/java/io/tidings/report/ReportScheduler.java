package io.tidings.report;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.tidings.common.PollingWorker;
import io.tidings.bot.Bot;
import io.tidings.bot.Bots;
import io.tidings.bot.ReportSchedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Polls for due reports: creates the run of each scheduled bot's latest due period (once,
 * whichever instance comes first), then claims and sends due runs one at a time, retrying
 * failed ones with a doubling delay. Only the latest due period is created, so a service
 * that was down for days sends the last report it missed, not all of them.
 */
@Component
class ReportScheduler extends PollingWorker {

	private static final Logger log = LoggerFactory.getLogger(ReportScheduler.class);

	private static final int MAX_ERROR_LENGTH = 1000;

	private final Bots bots;

	private final ReportRunRepository runs;

	private final ReportSender sender;

	private final ReportProperties properties;

	private final Clock clock;

	ReportScheduler(Bots bots, ReportRunRepository runs, ReportSender sender, ReportProperties properties,
			Clock clock) {
		super("report-scheduler", properties.pollInterval(), Duration.ofSeconds(10));
		this.bots = bots;
		this.runs = runs;
		this.sender = sender;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Creates the scheduled runs that are due and sends every due run.
	 */
	void runDue() {
		createDue();
		Optional<ReportRun> run;
		while ((run = claim()).isPresent()) {
			send(run.get());
		}
	}

	private void createDue() {
		Instant now = this.clock.instant();
		List<ReportRunRepository.Due> due = new ArrayList<>();
		for (Bot bot : this.bots.withReportSchedule()) {
			try {
				ReportCalendar.latestDue(ReportSchedule.parse(bot.reportSchedule()), now)
					.ifPresent(
							(period) -> due.add(new ReportRunRepository.Due(bot.id(), period, bot.reportRecipients())));
			}
			catch (RuntimeException ex) {
				log.warn("Bot {} has a report schedule that cannot be read: {}", bot.id(), ex.getMessage());
			}
		}
		this.runs.createScheduled(due, now);
	}

	private Optional<ReportRun> claim() {
		Instant now = this.clock.instant();
		return this.runs.claim(now, now.plus(this.properties.lease()));
	}

	private void send(ReportRun run) {
		try {
			long rows = this.sender.send(run);
			this.runs.sent(run, rows, this.clock.instant());
			log.info("Sent report {} of bot {} ({} rows) to {}", run.id(), run.botId(), rows,
					io.tidings.common.LogSafe.emails(run.recipients()));
		}
		catch (Exception ex) {
			Instant retryAt = (run.attempts() < this.properties.maxAttempts())
					? this.clock.instant().plus(retryDelay(run.attempts())) : null;
			this.runs.failed(run, describe(ex), retryAt);
			log.warn("Report {} of bot {} failed (attempt {}){}: {}", run.id(), run.botId(), run.attempts(),
					(retryAt != null) ? ", retrying at " + retryAt : ", giving up", describe(ex));
		}
	}

	private Duration retryDelay(int attempts) {
		return this.properties.retryDelay().multipliedBy(1L << Math.min(attempts - 1, 16));
	}

	private static String describe(Exception ex) {
		StringBuilder text = new StringBuilder(String.valueOf(ex.getMessage()));
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		if (root != ex && root.getMessage() != null && !text.toString().contains(root.getMessage())) {
			text.append(": ").append(root.getMessage());
		}
		return (text.length() > MAX_ERROR_LENGTH) ? text.substring(0, MAX_ERROR_LENGTH) : text.toString();
	}

	@Override
	protected boolean work() {
		// a report still being written or mailed when the service stops keeps its lease:
		// it is sent again once the lease ends, after a restart or by another instance
		runDue();
		return false;
	}

}
