package io.tidings.recipient;

import io.tidings.common.InvalidFieldException;

/**
 * An import that cannot start: no usable column, an unreadable file.
 */
public class InvalidImportException extends InvalidFieldException {

	public InvalidImportException(String field, String message) {
		super(field, message);
	}

}
