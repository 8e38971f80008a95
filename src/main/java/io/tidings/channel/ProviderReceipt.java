package io.tidings.channel;

import java.time.Instant;

import io.tidings.common.FailureKind;
import io.tidings.common.Status;

/**
 * A status a provider reported for a message it accepted earlier (an SMPP delivery
 * receipt, a WhatsApp status), named by the provider's message id.
 *
 * @param botId the bot whose account received the report
 * @param providerMessageId the id the provider gave when it accepted the message
 * @param failureKind why it failed (FAILED only)
 * @param errorCode a seed 001 error code (FAILED only)
 */
public record ProviderReceipt(String botId, String providerMessageId, Status status, Instant occurredAt,
		FailureKind failureKind, Integer errorCode, String errorMessage) {
}
