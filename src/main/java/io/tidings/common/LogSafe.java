package io.tidings.common;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Values fit for logs (API.md §13): phone numbers and keys masked to their last 4
 * characters, email addresses to their domain, and failures without the messages that may
 * echo a request's values.
 */
public final class LogSafe {

	private LogSafe() {
	}

	/**
	 * {@code 919876543210} as {@code ********3210}; short values are masked whole.
	 */
	public static String lastFour(String value) {
		if (value == null) {
			return "null";
		}
		if (value.length() <= 4) {
			return "****";
		}
		return "*".repeat(Math.min(value.length() - 4, 12)) + value.substring(value.length() - 4);
	}

	/**
	 * {@code asha@example.com} as {@code ***@example.com}.
	 */
	public static String email(String value) {
		if (value == null) {
			return "null";
		}
		int at = value.lastIndexOf('@');
		return (at < 0) ? lastFour(value) : "***" + value.substring(at);
	}

	/**
	 * Email addresses masked to their domains.
	 */
	public static String emails(Collection<String> values) {
		return (values == null) ? "[]"
				: values.stream().map(LogSafe::email).collect(Collectors.joining(", ", "[", "]"));
	}

	/**
	 * A copy of the failure and its causes with their stack traces but only their types
	 * (and SQL states) as messages.
	 */
	public static Throwable redacted(Throwable failure) {
		if (failure == null) {
			return null;
		}
		String state = (failure instanceof java.sql.SQLException sql && sql.getSQLState() != null)
				? " [SQL state " + sql.getSQLState() + "]" : "";
		RedactedFailure copy = new RedactedFailure(failure.getClass().getName() + state,
				(failure.getCause() != failure) ? redacted(failure.getCause()) : null);
		copy.setStackTrace(failure.getStackTrace());
		return copy;
	}

	/**
	 * A failure whose message was left out of the logs.
	 */
	static final class RedactedFailure extends RuntimeException {

		RedactedFailure(String type, Throwable cause) {
			super(type, cause);
		}

	}

}
