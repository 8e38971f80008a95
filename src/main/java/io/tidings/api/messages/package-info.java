/**
 * The Messages surface (seed 003): buckets, templates, messages and campaigns, per-phone
 * history and hourly statistics, in the {@code {status, message, data}} envelope.
 */
package io.tidings.api.messages;
