package io.tidings.bot;

/**
 * A bot setting has a value it cannot take; the message names the field.
 */
public class InvalidBotSettingsException extends RuntimeException {

	private final String field;

	public InvalidBotSettingsException(String field, String message) {
		super(message);
		this.field = field;
	}

	public String field() {
		return this.field;
	}

}
