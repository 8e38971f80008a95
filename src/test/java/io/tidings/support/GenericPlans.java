package io.tidings.support;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The plan PostgreSQL caches for a statement of the pipeline, as the pool's sessions run
 * it ({@code plan_cache_mode = force_generic_plan}): made without the parameters' values,
 * so the planner's guesses for them decide which index each day partition is read by.
 */
public final class GenericPlans {

	private static final AtomicInteger NAMES = new AtomicInteger();

	private GenericPlans() {
	}

	/**
	 * The statement as PostgreSQL keeps it once PgJDBC prepared it: each {@code ?} as
	 * {@code $1}, {@code $2}...
	 */
	public static String numbered(String sql) {
		StringBuilder numbered = new StringBuilder();
		int n = 0;
		for (char c : sql.toCharArray()) {
			if (c == '?') {
				numbered.append('$').append(++n);
			}
			else {
				numbered.append(c);
			}
		}
		return numbered.toString();
	}

	/**
	 * Explains {@code sql} (JDBC {@code ?} placeholders) as a cached plan, after
	 * {@code setup} ran in the same transaction, which is rolled back.
	 * @param values the parameters as SQL expressions, in order
	 */
	public static List<String> explain(JdbcTemplate jdbc, TransactionTemplate transactions,
			Consumer<JdbcTemplate> setup, String sql, String... values) {
		String numbered = numbered(sql);
		int count = (int) sql.chars().filter((c) -> c == '?').count();
		if (values.length != count) {
			throw new IllegalArgumentException(count + " parameters, " + values.length + " values");
		}
		// a prepared statement outlives the transaction: one name per call
		String name = "generic_plan_under_test_" + NAMES.incrementAndGet();
		return transactions.execute((tx) -> {
			tx.setRollbackOnly();
			setup.accept(jdbc);
			jdbc.execute("set local plan_cache_mode = force_generic_plan");
			jdbc.execute("prepare " + name + " as " + numbered);
			List<String> plan = jdbc.queryForList("explain execute " + name + "(" + String.join(", ", values) + ")",
					String.class);
			jdbc.execute("deallocate " + name);
			return plan;
		});
	}

}
