package io.tidings.callback;

import java.util.Set;

import io.tidings.common.CallbackFormat;
import io.tidings.common.Channel;
import io.tidings.common.Status;
import io.tidings.notification.StatusChange;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The callback bodies of API.md §4 (yellow) and §5 (jelou).
 */
final class CallbackPayloads {

	private static final Set<String> YELLOW_RESERVED = Set.of("event", "userId", "source", "campaign", "templateId",
			"msgId", "workflowId");

	private final JsonMapper json;

	CallbackPayloads(JsonMapper json) {
		this.json = json;
	}

	String of(StatusChange change) {
		return (change.callbackFormat() == CallbackFormat.JELOU) ? jelou(change) : yellow(change);
	}

	String yellow(StatusChange change) {
		ObjectNode body = this.json.createObjectNode();
		ObjectNode event = body.putObject("event");
		event.put("status", yellowStatus(change.status()));
		if (change.status() == Status.REPLY) {
			event.put("reply", change.reply());
		}
		if (change.status() == Status.FAILED) {
			ObjectNode error = event.putObject("error");
			error.put("code", change.errorCode());
			error.put("message", change.errorMessage());
		}
		body.put("userId", change.destination());
		body.put("source", change.channel().wire());
		body.put("campaign", (change.campaignId() != null) ? change.campaignId() : "apiNotifications");
		body.put("templateId", change.templateName());
		body.put("msgId", change.notificationId().toString());
		body.putNull("workflowId");
		if (change.customPayload() != null) {
			JsonNode custom = this.json.readTree(change.customPayload());
			if (custom.isObject()) {
				custom.properties().forEach((field) -> {
					if (!YELLOW_RESERVED.contains(field.getKey())) {
						body.set(field.getKey(), field.getValue());
					}
				});
			}
		}
		return this.json.writeValueAsString(body);
	}

	String jelou(StatusChange change) {
		ObjectNode body = this.json.createObjectNode();
		body.put("status", change.status().name());
		body.put("timestamp", change.occurredAt().toEpochMilli());
		body.put("isFinalEvent", isFinal(change.channel(), change.status()));
		body.put("destination", change.destination());
		body.put("id", change.notificationId().toString());
		if (change.status() == Status.FAILED) {
			body.put("error", change.errorMessage());
		}
		if (change.status() == Status.REPLY) {
			body.put("reply", change.reply());
		}
		return this.json.writeValueAsString(body);
	}

	static String yellowStatus(Status status) {
		return switch (status) {
			case CREATED -> "queued";
			case DELIVERED_CHANNEL -> "sent";
			case DELIVERED_USER -> "delivered";
			case READ -> "read";
			case REPLY -> "replied";
			case FAILED -> "failed";
		};
	}

	/**
	 * Whether no further status can follow on that channel (API.md §5).
	 */
	static boolean isFinal(Channel channel, Status status) {
		return switch (status) {
			case FAILED, REPLY -> true;
			case DELIVERED_USER -> channel == Channel.SMS;
			case DELIVERED_CHANNEL -> channel == Channel.EMAIL;
			default -> false;
		};
	}

}
