package io.tidings.receipt;

import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.tidings.common.Channel;
import io.tidings.common.Status;
import io.tidings.common.TimeOrderedId;
import io.tidings.notification.Conversations;
import io.tidings.notification.StatusTracker;
import io.tidings.notification.StatusUpdate;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records users' messages: a WhatsApp one opens the user's 24-hour window; one that
 * answers a recent notification of its channel moves it to REPLY with the text (API.md
 * §8, §11, §14); a stop word opts the user out.
 */
@Service
public class InboundMessages {

	private final JdbcTemplate jdbc;

	private final Conversations conversations;

	private final StatusTracker statuses;

	private final OptOutReplies optOuts;

	InboundMessages(JdbcTemplate jdbc, Conversations conversations, StatusTracker statuses, OptOutReplies optOuts) {
		this.optOuts = optOuts;
		this.jdbc = jdbc;
		this.conversations = conversations;
		this.statuses = statuses;
	}

	/**
	 * Records the message, once: a redelivery of a message already recorded (same
	 * provider id) changes nothing.
	 * @return the notification it answered, if any (empty for a redelivery)
	 */
	@Transactional
	public Optional<UUID> record(InboundMessage message) {
		Optional<UUID> answered = this.conversations.answered(message.botId(), message.userId(), message.channel(),
				message.contextId(), message.receivedAt());
		int inserted = this.jdbc.update("""
				insert into inbound_message (id, bot_id, user_id, channel, text, provider_message_id, context_id,
				  replied_notification_id, received_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)
				on conflict (bot_id, channel, provider_message_id) where provider_message_id is not null do nothing""",
				TimeOrderedId.next(), message.botId(), message.userId(), message.channel().wire(), message.text(),
				message.providerMessageId(), message.contextId(), answered.orElse(null),
				Timestamp.from(message.receivedAt()));
		if (inserted == 0) {
			return Optional.empty();
		}
		if (message.channel() == Channel.WHATSAPP) {
			this.conversations.recordInbound(message.botId(), message.userId(), message.receivedAt());
		}
		this.optOuts.apply(message);
		answered.ifPresent((id) -> this.statuses
			.apply(List.of(StatusUpdate.of(id, Status.REPLY, message.receivedAt()).withReply(message.text()))));
		return answered;
	}

}
