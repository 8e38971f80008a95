/**
 * The durable work queue on PostgreSQL: enqueue with the notification, claim batches with
 * {@code FOR UPDATE SKIP LOCKED} and a lease, hand each message to its provider, retry
 * transient failures with backoff, and report every outcome to the notification module.
 * Knows no vendor: providers come from the channel module.
 */
package io.tidings.dispatch;
