package io.tidings.notification;

import java.sql.PreparedStatement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.postgresql.PGConnection;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Settles a write whose commit was cut off by a lost connection: which of its
 * notifications were stored. Looking the rows up is not enough: the old session may still
 * be alive on the server, its transaction open, with the {@code COMMIT} held somewhere on
 * the way (a silent network partition keeps it in a buffer and delivers it when the
 * network heals); a lookup made before that commits says "not stored", the client hears
 * 503, and the rows appear a moment later (found by
 * {@code DatabasePartitionIntegrationTests}). So the old session is ended first
 * ({@code pg_terminate_backend}, waiting until it is gone: a commit it had received
 * completes, anything else rolls back), and only then are the rows looked up: that answer
 * can no longer change.
 */
@Component
class CutOffCommits {

	// the server process of the connection this thread last wrote notifications on
	private static final ThreadLocal<Integer> BACKEND = new ThreadLocal<>();

	private final JdbcTemplate jdbc;

	CutOffCommits(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Notes the server process behind the current transaction's connection (no round
	 * trip: PgJDBC has it from the connection's start-up).
	 */
	void noteBackend() {
		BACKEND.set(this.jdbc.execute(
				(ConnectionCallback<Integer>) (connection) -> connection.unwrap(PGConnection.class).getBackendPID()));
	}

	/**
	 * Forgets the last write's process (before a write that may fail before it has a
	 * connection).
	 */
	void forget() {
		BACKEND.remove();
	}

	/**
	 * Which of the ids were stored by this thread's last write, once its old session is
	 * gone.
	 * @throws RuntimeException the database cannot be reached yet (the caller asks again)
	 */
	Set<UUID> stored(List<UUID> ids) {
		Integer backend = BACKEND.get();
		if (backend != null) {
			endSession(backend);
		}
		return new HashSet<>(this.jdbc.query((connection) -> {
			PreparedStatement ps = connection.prepareStatement("select id from notification where id = any(?)");
			ps.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
			return ps;
		}, (rs, row) -> rs.getObject(1, UUID.class)));
	}

	private void endSession(int backend) {
		// waits up to 5 s for the process to exit; never this connection's own process
		// (the number may have been reused by now)
		this.jdbc.queryForList("select pg_terminate_backend(pid, 5000) from pg_stat_activity where pid = ?"
				+ " and pid <> pg_backend_pid()", Boolean.class, backend);
		Boolean alive = this.jdbc.queryForObject(
				"select exists (select 1 from pg_stat_activity where pid = ? and pid <> pg_backend_pid())",
				Boolean.class, backend);
		if (Boolean.TRUE.equals(alive)) {
			throw new SessionNotEnded();
		}
	}

	/**
	 * The old session is still there: ask again.
	 */
	static final class SessionNotEnded extends RuntimeException {

		SessionNotEnded() {
			super("the session of a cut-off commit has not ended yet", null, false, false);
		}

	}

}
