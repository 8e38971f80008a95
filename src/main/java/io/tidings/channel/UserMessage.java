package io.tidings.channel;

import java.time.Instant;

/**
 * A message a user sent, as a vendor reported it.
 *
 * @param from the sender's number as the vendor wrote it
 * @param providerMessageId the vendor's id of this message
 * @param contextId the vendor's id of the message it answers, or null
 */
public record UserMessage(String from, String text, String providerMessageId, String contextId, Instant receivedAt) {
}
