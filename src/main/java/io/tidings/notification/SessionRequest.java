package io.tidings.notification;

import io.tidings.common.MessageContent;

/**
 * A free-form WhatsApp message (text, image, file or location) to a user inside the
 * 24-hour window (seed 002).
 *
 * @param userId the user's number as the client wrote it
 * @param requestJson the original request body
 */
public record SessionRequest(String botId, String userId, MessageContent content, String requestJson) {
}
