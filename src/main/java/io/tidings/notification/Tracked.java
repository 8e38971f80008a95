package io.tidings.notification;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import io.tidings.common.CallbackFormat;
import io.tidings.common.Channel;
import io.tidings.common.FailureKind;
import io.tidings.common.Origin;
import io.tidings.common.Status;

/**
 * A notification's tracking state while a batch of status updates is folded into it.
 */
final class Tracked {

	static final String COLUMNS = "id, bot_id, channel, origin, callback_format, campaign_id, template_name, destination, "
			+ "custom_payload::text as custom_payload, postback_url, status, failure_kind, error_code, error_message, "
			+ "reply, internal_id, segments, created_at, sent_at, delivery_channel_at, delivery_user_at, read_at, "
			+ "replied_at, failed_at, due_at, attempts, follow_ups::text as follow_ups, last_error";

	UUID id;

	String botId;

	Channel channel;

	Origin origin;

	CallbackFormat callbackFormat;

	String campaignId;

	String templateName;

	String destination;

	String customPayload;

	String postbackUrl;

	Status status;

	FailureKind failureKind;

	Integer errorCode;

	String errorMessage;

	String reply;

	String internalId;

	Integer segments;

	Instant createdAt;

	Instant sentAt;

	Instant deliveryChannelAt;

	Instant deliveryUserAt;

	Instant readAt;

	Instant repliedAt;

	Instant failedAt;

	// the send queue's state (API-invisible): when a worker next looks at the
	// notification
	Instant dueAt;

	int attempts;

	String followUps;

	String lastError;

	boolean dirty;

	Instant stageTime(Status stage) {
		return switch (stage) {
			case CREATED -> this.createdAt;
			case DELIVERED_CHANNEL -> this.deliveryChannelAt;
			case DELIVERED_USER -> this.deliveryUserAt;
			case READ -> this.readAt;
			case REPLY -> this.repliedAt;
			case FAILED -> this.failedAt;
		};
	}

	void setStageTime(Status stage, Instant at) {
		switch (stage) {
			case CREATED -> this.createdAt = at;
			case DELIVERED_CHANNEL -> this.deliveryChannelAt = at;
			case DELIVERED_USER -> this.deliveryUserAt = at;
			case READ -> this.readAt = at;
			case REPLY -> this.repliedAt = at;
			case FAILED -> this.failedAt = at;
		}
	}

	StatusChange change(Instant at) {
		return new StatusChange(this.id, this.botId, this.channel, this.origin, this.callbackFormat, this.status, at,
				this.errorCode, this.errorMessage, this.reply, this.destination, this.templateName, this.campaignId,
				this.customPayload, this.postbackUrl);
	}

	static Tracked map(ResultSet rs, int row) throws SQLException {
		Tracked n = new Tracked();
		n.id = rs.getObject("id", UUID.class);
		n.botId = rs.getString("bot_id");
		n.channel = Channel.fromWire(rs.getString("channel"));
		n.origin = Origin.valueOf(rs.getString("origin"));
		n.callbackFormat = CallbackFormat.fromWire(rs.getString("callback_format"));
		n.campaignId = rs.getString("campaign_id");
		n.templateName = rs.getString("template_name");
		n.destination = rs.getString("destination");
		n.customPayload = rs.getString("custom_payload");
		n.postbackUrl = rs.getString("postback_url");
		n.status = Status.valueOf(rs.getString("status"));
		String kind = rs.getString("failure_kind");
		n.failureKind = (kind != null) ? FailureKind.valueOf(kind) : null;
		n.errorCode = (Integer) rs.getObject("error_code");
		n.errorMessage = rs.getString("error_message");
		n.reply = rs.getString("reply");
		n.internalId = rs.getString("internal_id");
		n.segments = (Integer) rs.getObject("segments");
		n.createdAt = instant(rs, "created_at");
		n.sentAt = instant(rs, "sent_at");
		n.deliveryChannelAt = instant(rs, "delivery_channel_at");
		n.deliveryUserAt = instant(rs, "delivery_user_at");
		n.readAt = instant(rs, "read_at");
		n.repliedAt = instant(rs, "replied_at");
		n.failedAt = instant(rs, "failed_at");
		n.dueAt = instant(rs, "due_at");
		n.attempts = rs.getInt("attempts");
		n.followUps = rs.getString("follow_ups");
		n.lastError = rs.getString("last_error");
		return n;
	}

	static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp value = rs.getTimestamp(column);
		return (value != null) ? value.toInstant() : null;
	}

}
