package io.tidings.channel;

import io.tidings.common.InvalidFieldException;

/**
 * Channel settings that no provider can work with; the message names the field.
 */
public class InvalidChannelSettingsException extends InvalidFieldException {

	public InvalidChannelSettingsException(String field, String message) {
		super(field, message);
	}

}
