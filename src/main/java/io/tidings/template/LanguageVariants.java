package io.tidings.template;

import java.util.List;
import java.util.Optional;

/**
 * Which language variant of a template name a send uses (API.md §12): the one asked for;
 * without a language, the only variant, else {@code en_US}, else {@code en}.
 */
public final class LanguageVariants {

	private static final List<String> DEFAULTS = List.of("en_US", "en");

	private LanguageVariants() {
	}

	/**
	 * @param variants every template of one bot, channel and name
	 * @param language the language asked for, or null
	 * @return the variant to send, or empty when none fits
	 */
	public static Optional<Template> pick(List<Template> variants, String language) {
		if (language != null) {
			return variants.stream().filter((t) -> t.language().equals(language)).findFirst();
		}
		if (variants.size() == 1) {
			return Optional.of(variants.get(0));
		}
		for (String fallback : DEFAULTS) {
			Optional<Template> match = variants.stream().filter((t) -> t.language().equals(fallback)).findFirst();
			if (match.isPresent()) {
				return match;
			}
		}
		return Optional.empty();
	}

}
