package io.tidings.receipt;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.tidings.common.Channel;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Puts a user's concatenated SMS back together (API.md §14: one reply text): each part is
 * stored as it arrives, in any order and any number of times, and the message is recorded
 * once, as one text, in the transaction that stores its last missing part. Parts of a
 * message that never completes are dropped after a day.
 */
@Service
class InboundParts {

	private static final Duration KEEP_INCOMPLETE = Duration.ofDays(1);

	private final JdbcTemplate jdbc;

	private final InboundMessages messages;

	InboundParts(JdbcTemplate jdbc, InboundMessages messages) {
		this.jdbc = jdbc;
		this.messages = messages;
	}

	/**
	 * Stores a part; records the message when it was the last one missing.
	 */
	@Transactional
	public void add(String botId, String userId, Channel channel, String reference, int total, int seq, String text,
			Instant receivedAt) {
		// the parts of one message arriving at once on several binds: one at a time
		this.jdbc.query("select pg_advisory_xact_lock(hashtextextended(?, 0))", (rs) -> null,
				String.join("|", botId, userId, channel.wire(), reference, Integer.toString(total)));
		this.jdbc.update("delete from inbound_part where bot_id = ? and received_at < ?", botId,
				Timestamp.from(receivedAt.minus(KEEP_INCOMPLETE)));
		this.jdbc.update("""
				insert into inbound_part (bot_id, user_id, channel, reference, total, seq, text, received_at)
				values (?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""", botId, userId, channel.wire(), reference,
				total, seq, text, Timestamp.from(receivedAt));
		List<Part> parts = this.jdbc.query("""
				select seq, text, received_at from inbound_part
				where bot_id = ? and user_id = ? and channel = ? and reference = ? and total = ? order by seq""",
				(rs, row) -> new Part(rs.getInt(1), rs.getString(2), rs.getTimestamp(3).toInstant()), botId, userId,
				channel.wire(), reference, total);
		if (parts.size() < total) {
			return;
		}
		this.jdbc.update("""
				delete from inbound_part
				where bot_id = ? and user_id = ? and channel = ? and reference = ? and total = ?""", botId, userId,
				channel.wire(), reference, total);
		StringBuilder whole = new StringBuilder();
		parts.forEach((part) -> whole.append(part.text()));
		Instant first = parts.stream().map(Part::receivedAt).min(Instant::compareTo).orElse(receivedAt);
		this.messages.record(new InboundMessage(botId, userId, channel, whole.toString(), null, null, first));
	}

	private record Part(int seq, String text, Instant receivedAt) {
	}

}
