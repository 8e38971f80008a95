package io.tidings.notification;

import java.util.List;

/**
 * A send that cannot be accepted, with the reason each surface turns into its own error
 * body.
 */
public class SendRejectedException extends RuntimeException {

	private final Reason reason;

	private final String subject;

	private final List<String> missing;

	public SendRejectedException(Reason reason, String subject) {
		this(reason, subject, List.of());
	}

	public SendRejectedException(Reason reason, String subject, List<String> missing) {
		super(reason + ": " + subject + (missing.isEmpty() ? "" : " " + missing));
		this.reason = reason;
		this.subject = subject;
		this.missing = List.copyOf(missing);
	}

	public Reason reason() {
		return this.reason;
	}

	/**
	 * What the reason is about: the bot id, channel, template name or recipient field
	 * ({@code recipient}, {@code cc}, {@code bcc}).
	 */
	public String subject() {
		return this.subject;
	}

	/**
	 * The placeholders without a value, for {@link Reason#MISSING_PARAMS}; the template's
	 * languages, for {@link Reason#TEMPLATE_LANGUAGE_MISSING}.
	 */
	public List<String> missing() {
		return this.missing;
	}

	/**
	 * Why a send was refused.
	 */
	public enum Reason {

		BOT_NOT_FOUND, API_ACCESS_DISABLED, CHANNEL_NOT_CONFIGURED, INVALID_RECIPIENT, TEMPLATE_MISSING,
		TEMPLATE_NOT_APPROVED, TEMPLATE_PAUSED, TEMPLATE_PENDING, TEMPLATE_LOW_QUALITY, MISSING_PARAMS,
		IDEMPOTENCY_MISMATCH, OUTSIDE_WINDOW, OVERLOADED, OPTED_OUT, TEMPLATE_LANGUAGE_MISSING, IDEMPOTENCY_IN_PROGRESS

	}

}
