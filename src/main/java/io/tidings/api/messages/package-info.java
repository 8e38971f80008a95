/**
 * The Messages surface (seed 003): buckets, templates, messages and campaigns, per-phone
 * history and hourly statistics, in the {@code {status, message, data}} envelope; and the
 * same operations under Squad's SMS v1 paths ({@code /service/message…},
 * {@code /dashboard/bucket…}, API.md §12), which share its handlers.
 */
package io.tidings.api.messages;
