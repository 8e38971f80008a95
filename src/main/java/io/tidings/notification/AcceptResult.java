package io.tidings.notification;

import java.util.UUID;

/**
 * A send that is committed and queued.
 *
 * @param id the notification id ({@code msgId})
 * @param replayed true when an earlier request with the same idempotency key was answered
 */
public record AcceptResult(UUID id, boolean replayed) {
}
