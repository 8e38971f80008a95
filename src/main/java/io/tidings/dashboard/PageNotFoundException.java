package io.tidings.dashboard;

/**
 * A console page for something the user cannot see or that does not exist.
 */
class PageNotFoundException extends RuntimeException {

	PageNotFoundException(String message) {
		super(message);
	}

}
