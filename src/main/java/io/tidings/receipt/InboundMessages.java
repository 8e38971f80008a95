package io.tidings.receipt;

import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.tidings.common.Status;
import io.tidings.common.TimeOrderedId;
import io.tidings.notification.Conversations;
import io.tidings.notification.StatusTracker;
import io.tidings.notification.StatusUpdate;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records users' messages: each opens the user's 24-hour window and, when it answers a
 * recent notification, moves that notification to REPLY with the text (API.md §8, §11).
 */
@Service
public class InboundMessages {

	private final JdbcTemplate jdbc;

	private final Conversations conversations;

	private final StatusTracker statuses;

	InboundMessages(JdbcTemplate jdbc, Conversations conversations, StatusTracker statuses) {
		this.jdbc = jdbc;
		this.conversations = conversations;
		this.statuses = statuses;
	}

	/**
	 * Records the message.
	 * @return the notification it answered, if any
	 */
	@Transactional
	public Optional<UUID> record(InboundMessage message) {
		this.conversations.recordInbound(message.botId(), message.userId(), message.receivedAt());
		Optional<UUID> answered = this.conversations.answered(message.botId(), message.userId(), message.contextId(),
				message.receivedAt());
		this.jdbc.update("""
				insert into inbound_message (id, bot_id, user_id, channel, text, provider_message_id, context_id,
				  replied_notification_id, received_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", TimeOrderedId.next(),
				message.botId(), message.userId(), message.channel().wire(), message.text(),
				message.providerMessageId(), message.contextId(), answered.orElse(null),
				Timestamp.from(message.receivedAt()));
		answered.ifPresent((id) -> this.statuses
			.apply(List.of(StatusUpdate.of(id, Status.REPLY, message.receivedAt()).withReply(message.text()))));
		return answered;
	}

}
