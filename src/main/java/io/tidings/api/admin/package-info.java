/**
 * Native management under {@code /v1/bots} (API.md §7): bots, keys, channels, templates,
 * the webhook delivery log, and reports (summaries, one-off and scheduled report emails).
 */
package io.tidings.api.admin;
