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
 * @param throwaway whether the data directory is deleted when the database stops (the
 * test profile: a fresh directory per Spring context); only together with {@code clean},
 * so that a directory a test means to start on again (clean off) is always kept
 */
@ConfigurationProperties("tidings.database")
record EmbeddedDatabaseProperties(@DefaultValue("./data") Path dataDir, @DefaultValue("true") boolean durable,
		@DefaultValue("false") boolean clean, @DefaultValue("0") int port, @DefaultValue("24") int poolSize,
		@DefaultValue("false") boolean throwaway) {
}
