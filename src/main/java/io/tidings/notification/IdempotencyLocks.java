package io.tidings.notification;

import java.sql.Array;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Marks idempotency keys as being processed for the rest of the writing transaction, on
 * any instance: a transaction-scoped advisory lock per bot and key, taken without
 * waiting, so that a second request with a key whose first is not committed yet answers
 * 409 at once (API.md §12) instead of queueing behind it.
 */
final class IdempotencyLocks {

	private static final String TRY_LOCK = """
			select k from unnest(?::text[]) k where not pg_try_advisory_xact_lock(hashtextextended(k, 1310))""";

	private IdempotencyLocks() {
	}

	/**
	 * Locks the drafts' keys in the current transaction.
	 * @return the {@link #name names} of the keys another transaction holds
	 */
	static Set<String> lockOrBusy(JdbcTemplate jdbc, List<NotificationDraft> keyed) {
		Set<String> busy = new HashSet<>();
		if (keyed.isEmpty()) {
			return busy;
		}
		jdbc.query(TRY_LOCK, (ps) -> {
			Array names = ps.getConnection()
				.createArrayOf("text", keyed.stream().map(IdempotencyLocks::name).toArray());
			ps.setArray(1, names);
		}, (rs) -> {
			busy.add(rs.getString(1));
		});
		return busy;
	}

	/**
	 * The lock's name for a draft's key: its bot and the key.
	 */
	static String name(NotificationDraft draft) {
		return draft.botId() + "\n" + draft.idempotencyKey();
	}

}
