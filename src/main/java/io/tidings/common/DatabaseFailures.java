package io.tidings.common;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells a database that cannot be reached (connection refused, lost, pool timed out) from
 * a statement the database refused, and describes a failure without the SQL values a
 * driver message may echo.
 */
public final class DatabaseFailures {

	private DatabaseFailures() {
	}

	/**
	 * Whether the failure, or one of its causes, says the database cannot be reached.
	 */
	public static boolean unreachable(Throwable failure) {
		for (Throwable t = failure; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
			if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
					|| t instanceof SQLRecoverableException || t instanceof ConnectException
					|| t instanceof CannotCreateTransactionException
					|| t instanceof DataAccessResourceFailureException) {
				return true;
			}
			if (t instanceof TransactionSystemException tx && (t.getCause() instanceof SQLException
					|| (tx.getOriginalException() != null && unreachable(tx.getOriginalException())))) {
				// a commit or rollback the driver could not complete: the connection is
				// gone
				return true;
			}
			if (t instanceof SQLException sql && sql.getSQLState() != null
					&& (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether the failure happened before a transaction began (no connection), so nothing
	 * of it can have been stored.
	 */
	public static boolean neverStarted(Throwable failure) {
		return failure instanceof CannotCreateTransactionException
				|| failure instanceof CannotGetJdbcConnectionException;
	}

	/**
	 * The failure's types and SQL states, without messages (they may carry request
	 * values).
	 */
	public static String describe(Throwable failure) {
		StringBuilder out = new StringBuilder();
		for (Throwable t = failure; t != null && out.length() < 500; t = (t.getCause() != t) ? t.getCause() : null) {
			if (!out.isEmpty()) {
				out.append(" <- ");
			}
			out.append(t.getClass().getSimpleName());
			if (t instanceof SQLException sql && sql.getSQLState() != null) {
				out.append('[').append(sql.getSQLState()).append(']');
			}
		}
		return out.toString();
	}

}
