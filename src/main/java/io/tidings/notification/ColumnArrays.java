package io.tidings.notification;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

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
	 * Binds one column of every row as one array parameter: the values' text (as PgJDBC
	 * writes them into an array literal) in a {@code String[]}, which PgJDBC sends in
	 * PostgreSQL's binary array format, a {@code varchar[]} that the statement casts to
	 * the column's type. The array literal escaped every character of every value one at
	 * a time (the quotes of the JSON columns, the ids, the times): 5-6% of the JVM's
	 * samples per SMS.
	 */
	static void bindColumn(PreparedStatement ps, int parameter, List<Object[]> rows, int column) throws SQLException {
		String[] texts = new String[rows.size()];
		for (int i = 0; i < texts.length; i++) {
			Object value = rows.get(i)[column];
			texts[i] = (value != null) ? value.toString() : null;
		}
		ps.setObject(parameter, texts);
	}

}
