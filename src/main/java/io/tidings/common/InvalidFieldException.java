package io.tidings.common;

/**
 * A value a client gave that cannot be used; the message names the field, and every
 * surface answers it with 400.
 */
public class InvalidFieldException extends RuntimeException {

	private final String field;

	public InvalidFieldException(String field, String message) {
		super(message);
		this.field = field;
	}

	public String field() {
		return this.field;
	}

}
