package io.tidings.notification;

import java.util.List;

/**
 * Published inside the transaction that changed these statuses, so that listeners write
 * their own rows (callback jobs) atomically with the change.
 */
public record StatusesChanged(List<StatusChange> changes) {
}
