package io.tidings.template;

import io.tidings.common.InvalidFieldException;

/**
 * A template field has a value it cannot take; the message names the field.
 */
public class InvalidTemplateException extends InvalidFieldException {

	public InvalidTemplateException(String field, String message) {
		super(field, message);
	}

}
