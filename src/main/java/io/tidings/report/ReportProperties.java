package io.tidings.report;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Scheduled and one-off email reports.
 *
 * @param pollInterval how often the scheduler looks for due reports
 * @param retryDelay the wait before a failed report is tried again; doubled on each
 * further failure
 * @param maxAttempts attempts before a report stays failed
 * @param lease how long a report being sent stays invisible to other instances
 * @param mail the SMTP server reports are sent through
 */
@ConfigurationProperties("tidings.reports")
public record ReportProperties(@DefaultValue("1m") Duration pollInterval, @DefaultValue("5m") Duration retryDelay,
		@DefaultValue("6") int maxAttempts, @DefaultValue("30m") Duration lease, @DefaultValue Mail mail) {

	/**
	 * @param host the SMTP server; reports fail while it is unset
	 * @param from the sender address, e.g. {@code reports@example.com}
	 * @param starttls upgrade the connection with STARTTLS (and refuse to send without)
	 * @param ssl connect over TLS from the start (port 465)
	 */
	public record Mail(String host, @DefaultValue("25") int port, String username, String password, String from,
			@DefaultValue("false") boolean starttls, @DefaultValue("false") boolean ssl) {

		/**
		 * The property that is missing for reports to be sent, or null when none is.
		 */
		String missing() {
			if (this.host == null || this.host.isBlank()) {
				return "tidings.reports.mail.host";
			}
			if (this.from == null || this.from.isBlank()) {
				return "tidings.reports.mail.from";
			}
			return null;
		}

	}

}
