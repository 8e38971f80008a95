package io.tidings.dashboard;

/**
 * A console page that needs the admin key.
 */
class ForbiddenPageException extends RuntimeException {

	ForbiddenPageException(String message) {
		super(message);
	}

}
