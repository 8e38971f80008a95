/**
 * Native management under {@code /v1/bots} (API.md §7): bots, keys, channels, templates
 * and the webhook delivery log.
 */
package io.tidings.api.admin;
