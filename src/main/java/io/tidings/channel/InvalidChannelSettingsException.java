package io.tidings.channel;

/**
 * Channel settings that no provider can work with; the message names the field.
 */
public class InvalidChannelSettingsException extends RuntimeException {

	private final String field;

	public InvalidChannelSettingsException(String field, String message) {
		super(message);
		this.field = field;
	}

	public String field() {
		return this.field;
	}

}
