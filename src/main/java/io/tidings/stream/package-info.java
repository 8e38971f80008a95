/**
 * The streams on Kafka (issue 6/6), off unless {@code tidings.kafka.bootstrap-servers}
 * ({@code TIDINGS_KAFKA_BOOTSTRAP_SERVERS}) is set: the switch, the topics the service
 * creates (keyed by bot, so each bot's order is kept per partition), the producer and
 * consumer-group plumbing the callback and receipt modules use, and the consumer lag.
 * Without the setting none of it is created and the service stays one process over
 * PostgreSQL.
 */
package io.tidings.stream;
