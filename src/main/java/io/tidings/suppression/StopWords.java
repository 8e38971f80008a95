package io.tidings.suppression;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a user's message means for opt-out (API.md §14): a message that is entirely one of
 * the bot's stop words opts out, {@code START} opts back in; anything else means nothing.
 */
public final class StopWords {

	/** The stop words of a bot that did not set its own. */
	public static final List<String> DEFAULTS = List.of("STOP", "UNSUBSCRIBE", "CANCEL", "BAJA", "ALTO");

	private static final String START = "START";

	private StopWords() {
	}

	/**
	 * True for an opt-out, false for an opt-in, empty for any other text.
	 */
	public static Optional<Boolean> optOut(String text, List<String> stopWords) {
		if (text == null) {
			return Optional.empty();
		}
		String word = text.strip().toUpperCase(Locale.ROOT);
		if (word.isEmpty()) {
			return Optional.empty();
		}
		if (word.equals(START)) {
			return Optional.of(false);
		}
		List<String> words = (stopWords != null) ? stopWords : DEFAULTS;
		return words.stream().anyMatch((w) -> w.strip().toUpperCase(Locale.ROOT).equals(word)) ? Optional.of(true)
				: Optional.empty();
	}

}
