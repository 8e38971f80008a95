package io.tidings.report;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/**
 * One emailed report: the notifications created in {@code [from, to)}, as CSV, to
 * {@code recipients}.
 *
 * @param timezone the zone the period's days are counted in
 * @param attempts sending attempts so far
 * @param rows notifications in the CSV, once sent
 * @param error why the last attempt failed
 * @param nextAttemptAt when a pending or failed report is tried (again); null when none
 * will be
 */
public record ReportRun(UUID id, String botId, Kind kind, Instant from, Instant to, ZoneId timezone,
		List<String> recipients, State status, int attempts, Long rows, String error, Instant createdAt, Instant sentAt,
		Instant nextAttemptAt) {

	/**
	 * Why the report was sent.
	 */
	public enum Kind {

		/** Due by the bot's report schedule. */
		SCHEDULED,
		/** Asked for once, through the API. */
		ONE_OFF

	}

	/**
	 * Where the report is: waiting, being sent, sent, or failed (retried while
	 * {@code nextAttemptAt} is set).
	 */
	public enum State {

		PENDING, SENDING, SENT, FAILED

	}

}
