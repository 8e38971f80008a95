/**
 * Bots (tenants) and their settings, channel settings, API keys, the admin key, caller
 * authentication, per-bot send rate limits and the first-start bootstrap. Knows nothing
 * of a channel provider's internals: channel settings are stored as opaque maps.
 */
package io.tidings.bot;
