package io.tidings.callback;

import io.tidings.notification.StatusChange;

/**
 * A status change as relayed to {@link io.tidings.stream.Streams#STATUS_EVENTS}: its
 * event's sequence number (which names its deliveries) and what a callback needs.
 */
record StreamedEvent(long seq, StatusChange change) {
}
