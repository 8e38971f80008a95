package io.tidings.template;

/**
 * Whether a template may be used (API.md §7). Only {@link #APPROVED} templates send.
 */
public enum TemplateStatus {

	APPROVED, PAUSED, LOW_QUALITY, REJECTED

}
