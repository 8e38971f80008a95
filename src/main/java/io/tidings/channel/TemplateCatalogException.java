package io.tidings.channel;

/**
 * The vendor refused to list the account's templates (bad token, unknown account) or
 * could not be reached; the message is the vendor's.
 */
public class TemplateCatalogException extends RuntimeException {

	public TemplateCatalogException(String message) {
		super(message);
	}

}
