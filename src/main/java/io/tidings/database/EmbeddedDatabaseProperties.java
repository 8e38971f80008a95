package io.tidings.database;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the embedded PostgreSQL.
 *
 * @param dataDir where the cluster lives ({@code TIDINGS_DATA_DIR}, default
 * {@code ./data})
 * @param durable whether commits are flushed to disk ({@code fsync} and
 * {@code synchronous_commit}); only tests turn it off
 * @param clean whether to wipe the data directory at start (tests only)
 * @param port the port, 0 for any free one
 * @param poolSize connections in the pool
 */
@ConfigurationProperties("tidings.database")
record EmbeddedDatabaseProperties(@DefaultValue("./data") Path dataDir, @DefaultValue("true") boolean durable,
		@DefaultValue("false") boolean clean, @DefaultValue("0") int port, @DefaultValue("24") int poolSize) {
}
