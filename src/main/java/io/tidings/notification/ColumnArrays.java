package io.tidings.notification;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.postgresql.PGStatement;

/**
 * Binds a batch of rows as one array parameter per column: the statements of the hot path
 * take arrays ({@code unnest}) so that they have one shape whatever the number of rows.
 */
final class ColumnArrays {

	private ColumnArrays() {
	}

	/**
	 * Binds column {@code c} of every row as parameter {@code first + c}, which the
	 * statement casts to an array of {@code types[c]}.
	 */
	static void bind(PreparedStatement ps, int first, List<Object[]> rows, String[] types) throws SQLException {
		for (int column = 0; column < types.length; column++) {
			bindColumn(ps, first + column, rows, column);
		}
	}

	/**
	 * Binds one column of every row as one array parameter: the values' text in a
	 * {@code String[]}, which PgJDBC sends in PostgreSQL's binary array format, a
	 * {@code varchar[]} that the statement casts to the column's type. The array literal
	 * escaped every character of every value one at a time (the quotes of the JSON
	 * columns, the ids, the times): 5-6% of the JVM's samples per SMS.
	 */
	static void bindColumn(PreparedStatement ps, int parameter, List<Object[]> rows, int column) throws SQLException {
		String[] texts = new String[rows.size()];
		for (int i = 0; i < texts.length; i++) {
			texts[i] = text(rows.get(i)[column]);
		}
		ps.setObject(parameter, texts);
	}

	// a time (an Instant, or a Timestamp where the rows also go to a row-wise statement,
	// Rollups) with its offset, and PgJDBC's infinities (read from a row as instants at
	// those milliseconds) as PostgreSQL's
	static String text(Object value) {
		if (value instanceof Timestamp timestamp) {
			return text(timestamp.toInstant());
		}
		if (value instanceof Instant time) {
			long millis = time.toEpochMilli();
			if (millis == PGStatement.DATE_POSITIVE_INFINITY) {
				return "infinity";
			}
			if (millis == PGStatement.DATE_NEGATIVE_INFINITY) {
				return "-infinity";
			}
		}
		return (value != null) ? value.toString() : null;
	}

}
