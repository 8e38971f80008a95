package io.tidings.callback;

import io.tidings.common.InvalidFieldException;

/**
 * A webhook URL whose host is or resolves to an address Tidings must not call (422).
 */
public class UnsafeWebhookTargetException extends InvalidFieldException {

	UnsafeWebhookTargetException(String field, String message) {
		super(field, message);
	}

}
