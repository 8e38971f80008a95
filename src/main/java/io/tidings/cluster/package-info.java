/**
 * What several Tidings instances on one PostgreSQL share beyond the queues: the
 * {@link io.tidings.common.SharedLimits} kept in the database. Token buckets (per-bot
 * send rate limits, provider pacing) are taken in chunks of about one lease's worth of
 * the rate with one function call per chunk, spent locally and given back when the lease
 * ends, so no message costs a round trip; numbered slots (SMPP binds) are session
 * advisory locks on one dedicated connection per instance, released by PostgreSQL when
 * the instance dies. Changes to what instances cache of the settings are announced with
 * {@code NOTIFY} and heard on one more dedicated connection
 * ({@link io.tidings.common.CacheChanges}).
 */
package io.tidings.cluster;
