package io.tidings.report;

/**
 * Reports cannot be emailed because no SMTP server is configured; the message names the
 * missing property.
 */
public class ReportMailUnavailableException extends RuntimeException {

	private final String property;

	ReportMailUnavailableException(String property) {
		super("report email is not configured: set " + property);
		this.property = property;
	}

	/**
	 * The missing configuration property, e.g. {@code tidings.reports.mail.host}.
	 */
	public String property() {
		return this.property;
	}

}
