package io.tidings.notification;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.tidings.common.Channel;
import io.tidings.common.Status;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Takes over notifications that were stored born claimed ({@link Handoff}) by the
 * instance that accepted them, when another worker (the Kafka dispatch group) is to send
 * them: the claim moves only rows that still carry the lease they were born with, so of
 * the two that may want a row (the send queue once that lease has run out, or a second
 * delivery of the same record) exactly one gets it, and a row that was sent, failed or
 * claimed since is left alone.
 */
@Service
public class BornClaims {

	// the ids as an array (sorted: rows are locked in one order), as the send queue's
	// claim does; the attempt was counted when the row was born
	private static final String CLAIM = """
			update notification n set due_at = ?
			where n.id = any(?) and n.due_at = ? and n.status = 'CREATED'
			returning n.id, n.bot_id, n.channel, n.destination, n.sender, n.template_name, n.content::text, n.status,
			  n.created_at, n.attempts, n.follow_ups::text""";

	private final JdbcTemplate jdbc;

	private final DeferredContent deferred;

	private final JsonMapper json;

	BornClaims(JdbcTemplate jdbc, DeferredContent deferred, JsonMapper json) {
		this.jdbc = jdbc;
		this.deferred = deferred;
		this.json = json;
	}

	/**
	 * Claims those of the notifications whose {@code due_at} is still {@code bornLease},
	 * until {@code leaseUntil}.
	 * @return the notifications claimed (none that another worker has claimed or sent)
	 */
	public List<SendQueue.Claimed> claim(List<UUID> ids, Instant bornLease, Instant leaseUntil) {
		UUID[] sorted = ids.stream().sorted().distinct().toArray(UUID[]::new);
		return this.jdbc.query((connection) -> {
			PreparedStatement ps = connection.prepareStatement(CLAIM);
			ps.setTimestamp(1, Timestamp.from(leaseUntil));
			ps.setArray(2, connection.createArrayOf("uuid", sorted));
			ps.setTimestamp(3, Timestamp.from(bornLease));
			return ps;
		}, (rs, row) -> new SendQueue.Claimed(
				this.deferred.outbound(rs.getObject(1, UUID.class), rs.getString(2), Channel.fromWire(rs.getString(3)),
						rs.getString(4), rs.getString(5), rs.getString(6), this.json.readTree(rs.getString(7)),
						Status.valueOf(rs.getString(8)), rs.getTimestamp(9).toInstant()),
				rs.getInt(10), rs.getString(11), leaseUntil));
	}

}
