/**
 * Inbound provider callbacks and user messages: verify, record, hand statuses and replies
 * to the notification module, answer fast.
 */
package io.tidings.receipt;
