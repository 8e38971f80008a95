package io.tidings.bot;

import io.tidings.common.InvalidFieldException;

/**
 * A bot setting has a value it cannot take; the message names the field.
 */
public class InvalidBotSettingsException extends InvalidFieldException {

	public InvalidBotSettingsException(String field, String message) {
		super(field, message);
	}

}
