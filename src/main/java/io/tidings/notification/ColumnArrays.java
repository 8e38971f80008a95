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
	 * Binds column {@code c} of every row as parameter {@code first + c}, an array of
	 * {@code types[c]}.
	 */
	static void bind(PreparedStatement ps, int first, List<Object[]> rows, String[] types) throws SQLException {
		for (int column = 0; column < types.length; column++) {
			bindColumn(ps, first + column, rows, column, types[column]);
		}
	}

	/**
	 * Binds one column of every row as one array parameter.
	 */
	static void bindColumn(PreparedStatement ps, int parameter, List<Object[]> rows, int column, String type)
			throws SQLException {
		if (type.equals("text")) {
			// a String[] goes in PostgreSQL's binary array format: the text form escapes
			// every quote of the JSON columns (content, request) one character at a time,
			// 5% of the JVM's samples per SMS
			String[] texts = new String[rows.size()];
			for (int i = 0; i < texts.length; i++) {
				Object value = rows.get(i)[column];
				texts[i] = (value != null) ? value.toString() : null;
			}
			ps.setObject(parameter, texts);
			return;
		}
		Object[] values = new Object[rows.size()];
		for (int i = 0; i < values.length; i++) {
			values[i] = rows.get(i)[column];
		}
		ps.setArray(parameter, ps.getConnection().createArrayOf(type, values));
	}

}
