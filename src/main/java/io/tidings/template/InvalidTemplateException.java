package io.tidings.template;

/**
 * A template field has a value it cannot take; the message names the field.
 */
public class InvalidTemplateException extends RuntimeException {

	private final String field;

	public InvalidTemplateException(String field, String message) {
		super(message);
		this.field = field;
	}

	public String field() {
		return this.field;
	}

}
