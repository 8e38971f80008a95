package io.tidings.notification;

import java.time.Instant;
import java.util.UUID;

import io.tidings.common.Channel;
import io.tidings.common.MessageContent;
import io.tidings.common.Status;

/**
 * What a dispatcher needs to hand a notification to a provider.
 *
 * @param invalid why the message cannot be sent as it is (a template rendered at send
 * time lacks a value), or null
 */
public record OutboundNotification(UUID id, String botId, Channel channel, String destination, String sender,
		String templateName, MessageContent content, Status status, Instant createdAt, Invalid invalid) {

	/**
	 * A message rejected before sending, with its seed 001 error code.
	 */
	public record Invalid(int errorCode, String reason) {
	}

}
