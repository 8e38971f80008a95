/**
 * Vendors' webhooks (API.md §8): thin HTTP adapters over the receipt module.
 */
package io.tidings.api.webhooks;
