package io.tidings.bot;

import java.util.UUID;

/**
 * A key just created: the only time its full value is known.
 */
public record NewApiKey(UUID id, String name, String prefix, String key) {
}
