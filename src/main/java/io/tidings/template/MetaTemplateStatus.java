package io.tidings.template;

import java.util.Locale;
import java.util.Optional;

/**
 * Meta's template status and quality words mapped to ours (API.md §14), in one place for
 * the sync and the template webhooks.
 */
final class MetaTemplateStatus {

	private MetaTemplateStatus() {
	}

	/**
	 * The status of a template Meta lists with this status and quality score.
	 */
	static TemplateStatus of(String status, String qualityScore) {
		TemplateStatus mapped = event(status).orElse(TemplateStatus.PAUSED);
		if (mapped == TemplateStatus.APPROVED && "RED".equalsIgnoreCase(qualityScore)) {
			return TemplateStatus.LOW_QUALITY;
		}
		return mapped;
	}

	/**
	 * The status a {@code message_template_status_update} event moves a template to;
	 * empty for events that do not change whether it may send.
	 */
	static Optional<TemplateStatus> event(String event) {
		if (event == null) {
			return Optional.empty();
		}
		return switch (event.toUpperCase(Locale.ROOT)) {
			case "APPROVED", "REINSTATED", "UNARCHIVED" -> Optional.of(TemplateStatus.APPROVED);
			case "PENDING", "IN_APPEAL" -> Optional.of(TemplateStatus.PENDING);
			case "REJECTED" -> Optional.of(TemplateStatus.REJECTED);
			case "PAUSED", "DISABLED", "FLAGGED", "ARCHIVED", "PENDING_DELETION", "DELETED", "LIMIT_EXCEEDED" ->
				Optional.of(TemplateStatus.PAUSED);
			default -> Optional.empty();
		};
	}

	/**
	 * The status a {@code message_template_quality_update} moves a template in
	 * {@code current} to: RED is low quality, GREEN or YELLOW restore a low-quality one.
	 */
	static TemplateStatus quality(TemplateStatus current, String newScore) {
		String score = (newScore != null) ? newScore.toUpperCase(Locale.ROOT) : "";
		if (score.equals("RED") && current == TemplateStatus.APPROVED) {
			return TemplateStatus.LOW_QUALITY;
		}
		if ((score.equals("GREEN") || score.equals("YELLOW")) && current == TemplateStatus.LOW_QUALITY) {
			return TemplateStatus.APPROVED;
		}
		return current;
	}

}
