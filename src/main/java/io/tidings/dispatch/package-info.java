/**
 * The durable work queue on PostgreSQL: enqueue with the notification, claim batches with
 * {@code FOR UPDATE SKIP LOCKED} and a lease, hand each message to its provider, retry
 * transient failures with backoff, and report every outcome to the notification module.
 * Knows no vendor: providers come from the channel module. In the Kafka mode, first
 * attempts of accepted messages come through the consumer group {@code tidings-dispatch}
 * instead ({@code KafkaDispatch}); the queue keeps everything else and whatever that
 * group has not claimed when its grace ends.
 */
package io.tidings.dispatch;
