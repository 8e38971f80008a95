package io.tidings.stream;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a failure that passes by itself (the database is down or unreachable, the
 * consumer is being stopped) from a record that can never be handled: the first is
 * retried until it succeeds, the second goes to the dead-letter topic.
 */
final class Failures {

	private Failures() {
	}

	/**
	 * Whether anything in the cause chain says the store was unavailable or the thread
	 * was stopped, rather than the record refused.
	 */
	static boolean unavailable(Throwable failure) {
		for (Throwable t = failure; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
			if (t instanceof TransientDataAccessException || t instanceof RecoverableDataAccessException
					|| t instanceof DataAccessResourceFailureException || t instanceof CannotCreateTransactionException
					|| t instanceof SQLTransientException || t instanceof SQLRecoverableException
					|| t instanceof InterruptedException) {
				return true;
			}
			// connection lost (08), resources (53), operator intervention such as a
			// shutdown (57), serialization failure or deadlock (40)
			if (t instanceof SQLException sql && sql.getSQLState() != null
					&& (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("53")
							|| sql.getSQLState().startsWith("57") || sql.getSQLState().startsWith("40"))) {
				return true;
			}
		}
		return Thread.currentThread().isInterrupted();
	}

	/**
	 * What a refused record's failure says of itself (see {@link RecordRefused}), or the
	 * kinds of failure along the cause chain.
	 */
	static String describe(Throwable failure) {
		for (Throwable t = failure; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
			if (t instanceof RecordRefused refused) {
				return refused.getMessage();
			}
		}
		return kinds(failure);
	}

	/**
	 * The class names along the cause chain, without messages: what is logged of a
	 * refused record (messages can quote the record, and with it personal data).
	 */
	static String kinds(Throwable failure) {
		StringBuilder kinds = new StringBuilder();
		for (Throwable t = failure; t != null && kinds.length() < 500; t = (t.getCause() != t) ? t.getCause() : null) {
			if (!kinds.isEmpty()) {
				kinds.append(" <- ");
			}
			kinds.append(t.getClass().getName());
		}
		return kinds.toString();
	}

}
