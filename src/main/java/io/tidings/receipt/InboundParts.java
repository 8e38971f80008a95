package io.tidings.receipt;

import java.io.ByteArrayOutputStream;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.tidings.channel.UserMessagePart;
import io.tidings.common.Channel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Puts a user's concatenated SMS back together (API.md §14: one reply text): each part is
 * stored, as the bytes of its text, as it arrives, in any order and any number of times,
 * and the message is recorded once, as one text decoded from all its parts' bytes joined
 * (a character split between two parts comes out whole), in the transaction that stores
 * its last missing part. Parts of a message that never completes are deleted after
 * {@code keepIncomplete}, on a schedule, in bounded batches.
 */
@Service
class InboundParts {

	private static final Logger log = LoggerFactory.getLogger(InboundParts.class);

	// rows another instance is deleting are skipped, not waited for
	private static final String PURGE = """
			delete from inbound_part where ctid = any(array(
			  select ctid from inbound_part where received_at < ? order by received_at limit ? for update skip locked))""";

	private final JdbcTemplate jdbc;

	private final InboundMessages messages;

	private final InboundPartsProperties properties;

	private final Clock clock;

	InboundParts(JdbcTemplate jdbc, InboundMessages messages, InboundPartsProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.messages = messages;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Stores a part; records the message when it was the last one missing.
	 */
	@Transactional
	public void add(String botId, String userId, Channel channel, UserMessagePart part) {
		String reference = part.reference();
		int total = part.total();
		// the parts of one message arriving at once on several binds: one at a time
		this.jdbc.query("select pg_advisory_xact_lock(hashtextextended(?, 0))", (rs) -> null,
				String.join("|", botId, userId, channel.wire(), reference, Integer.toString(total)));
		this.jdbc.update("""
				insert into inbound_part (bot_id, user_id, channel, reference, total, seq, body, coding, received_at)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""", botId, userId, channel.wire(), reference,
				total, part.seq(), part.body(), part.coding(), Timestamp.from(part.receivedAt()));
		List<Stored> parts = this.jdbc.query("""
				select seq, text, body, coding, received_at from inbound_part
				where bot_id = ? and user_id = ? and channel = ? and reference = ? and total = ? order by seq""",
				(rs, row) -> new Stored(rs.getInt(1), rs.getString(2), rs.getBytes(3), (Integer) rs.getObject(4),
						rs.getTimestamp(5).toInstant()),
				botId, userId, channel.wire(), reference, total);
		if (parts.size() < total) {
			return;
		}
		this.jdbc.update("""
				delete from inbound_part
				where bot_id = ? and user_id = ? and channel = ? and reference = ? and total = ?""", botId, userId,
				channel.wire(), reference, total);
		Instant first = parts.stream().map(Stored::receivedAt).min(Instant::compareTo).orElse(part.receivedAt());
		this.messages
			.record(new InboundMessage(botId, userId, channel, text(parts, part.decoder()), null, null, first));
	}

	@Scheduled(initialDelayString = "${tidings.inbound-parts.purge-interval:10m}",
			fixedDelayString = "${tidings.inbound-parts.purge-interval:10m}")
	void purgeIncomplete() {
		try {
			purge();
		}
		catch (DataAccessException ex) {
			log.warn("Purging incomplete inbound message parts failed; the next run tries again: {}", ex.getMessage());
		}
	}

	/**
	 * Deletes the parts of messages that never completed, every bot's, in bounded batches
	 * (each its own transaction; instances purging at once skip each other's rows).
	 * @return how many parts were deleted
	 */
	int purge() {
		Timestamp before = Timestamp.from(this.clock.instant().minus(this.properties.keepIncomplete()));
		int batch = Math.max(this.properties.purgeBatch(), 1);
		int purged = 0;
		int deleted;
		do {
			deleted = this.jdbc.update(PURGE, before, batch);
			purged += deleted;
		}
		while (deleted == batch);
		return purged;
	}

	/**
	 * The whole text: the parts' bytes joined, then decoded, when they share one coding;
	 * else (parts in different codings, or stored as text before V24) part by part.
	 */
	private static String text(List<Stored> parts, UserMessagePart.Decoder decoder) {
		Integer coding = parts.get(0).coding();
		boolean joinable = coding != null
				&& parts.stream().allMatch((p) -> p.body() != null && coding.equals(p.coding()));
		if (joinable) {
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			parts.forEach((p) -> bytes.writeBytes(p.body()));
			return decoder.decode(bytes.toByteArray(), coding);
		}
		StringBuilder whole = new StringBuilder();
		for (Stored p : parts) {
			whole.append((p.body() != null) ? decoder.decode(p.body(), p.coding()) : p.text());
		}
		return whole.toString();
	}

	private record Stored(int seq, String text, byte[] body, Integer coding, Instant receivedAt) {
	}

}
