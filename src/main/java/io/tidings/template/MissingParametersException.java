package io.tidings.template;

import java.util.List;

/**
 * The params do not cover the template's placeholders.
 */
public class MissingParametersException extends RuntimeException {

	private final List<String> missing;

	public MissingParametersException(List<String> missing) {
		super("missing value for placeholder(s) " + String.join(", ", missing));
		this.missing = List.copyOf(missing);
	}

	public List<String> missing() {
		return this.missing;
	}

}
