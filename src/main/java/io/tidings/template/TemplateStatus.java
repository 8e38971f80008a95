package io.tidings.template;

/**
 * Whether a template may be used (API.md §7, §14). Only {@link #APPROVED} templates send;
 * {@link #PENDING} is waiting for Meta's review (Meta's PENDING and IN_APPEAL).
 */
public enum TemplateStatus {

	APPROVED, PAUSED, LOW_QUALITY, REJECTED, PENDING;

	/**
	 * Whether a message may be sent with a template in this status.
	 */
	public boolean allowsSending() {
		return this == APPROVED;
	}

}
