package io.tidings.cluster;

import java.time.Duration;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The shared token buckets in {@code rate_budget}: one call of {@code take_tokens} per
 * chunk.
 */
@Repository
class BudgetStore {

	private final JdbcTemplate jdbc;

	BudgetStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Gives back {@code giveBack} tokens and takes between {@code need} and {@code want}
	 * (none when fewer than {@code need} are there).
	 */
	Granted take(String key, long capacity, double perSecond, long need, long want, long giveBack) {
		return this.jdbc.queryForObject("select granted, remaining, wait_seconds from take_tokens(?, ?, ?, ?, ?, ?)",
				(rs, row) -> new Granted((long) rs.getDouble(1), (long) Math.floor(rs.getDouble(2)),
						Duration.ofNanos((long) Math.ceil(rs.getDouble(3) * 1e9))),
				key, (double) capacity, perSecond, (double) need, (double) want, (double) giveBack);
	}

	/**
	 * Tokens granted, tokens left in the bucket, and how long until {@code need} would be
	 * there when none were granted.
	 */
	record Granted(long tokens, long remaining, Duration retryIn) {
	}

}
