package io.tidings.notification;

/**
 * Published inside the transaction that stored a batch of notifications (queued by their
 * own rows); listeners after the commit wake the dispatch workers.
 *
 * @param queued whether some wait in the table's queue (not all were born claimed and
 * handed over, {@link Handoff})
 */
public record NotificationsAccepted(boolean queued) {

}
