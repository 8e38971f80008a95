package io.tidings.notification;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.tidings.common.Channel;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Users' messages to bots: when each user last wrote (the 24-hour window), and the
 * notification a message answers.
 */
@Service
public class Conversations {

	private final JdbcTemplate jdbc;

	Conversations(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records that the user wrote at {@code at}, opening (or extending) the window.
	 */
	public void recordInbound(String botId, String userId, Instant at) {
		this.jdbc
			.update("""
					insert into conversation (bot_id, user_id, last_inbound_at) values (?, ?, ?)
					on conflict (bot_id, user_id) do update set last_inbound_at = greatest(conversation.last_inbound_at, excluded.last_inbound_at)""",
					botId, userId, Timestamp.from(at));
	}

	public Optional<Instant> lastInbound(String botId, String userId) {
		List<Timestamp> found = this.jdbc.queryForList(
				"select last_inbound_at from conversation where bot_id = ? and user_id = ?", Timestamp.class, botId,
				userId);
		return found.stream().findFirst().map(Timestamp::toInstant);
	}

	/**
	 * The notification a message from the user answers: the one the provider names, else
	 * the latest WhatsApp notification to the user in the last 24 hours that has not been
	 * replied to or failed.
	 * @param providerMessageId the provider's id of the message replied to, or null
	 */
	public Optional<UUID> answered(String botId, String userId, String providerMessageId, Instant now) {
		return answered(botId, userId, Channel.WHATSAPP, providerMessageId, now);
	}

	/**
	 * The notification a message from the user on that channel answers: the one the
	 * provider names, else the latest one of that channel to the user in the last 24
	 * hours that has not been replied to or failed.
	 */
	public Optional<UUID> answered(String botId, String userId, Channel channel, String providerMessageId,
			Instant now) {
		if (providerMessageId != null) {
			List<UUID> byContext = this.jdbc.queryForList(
					"select id from notification where bot_id = ? and internal_id = ? limit 1", UUID.class, botId,
					providerMessageId);
			if (!byContext.isEmpty()) {
				return Optional.of(byContext.get(0));
			}
		}
		List<UUID> latest = this.jdbc.queryForList("""
				select id from notification
				where bot_id = ? and destination = ? and channel = ? and created_at > ?
				  and status not in ('REPLY', 'FAILED')
				order by created_at desc limit 1""", UUID.class, botId, userId, channel.wire(),
				Timestamp.from(now.minus(ConversationWindow.LENGTH)));
		return latest.stream().findFirst();
	}

}
