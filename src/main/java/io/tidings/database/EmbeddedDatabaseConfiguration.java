package io.tidings.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.FileSystemUtils;

/**
 * Starts PostgreSQL from the bundled binaries when {@code spring.datasource.url} is not
 * set, so that one command runs the whole gateway on a machine with only a JDK.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spring.datasource.url", havingValue = "embedded", matchIfMissing = true)
class EmbeddedDatabaseConfiguration {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

	/**
	 * The database {@link EmbeddedDatabaseEarlyStart} began starting while the context
	 * was still being read, or, without it, one started now.
	 */
	@Bean(destroyMethod = "close")
	EmbeddedDatabase embeddedDatabase(ObjectProvider<EmbeddedDatabaseEarlyStart.Starting> starting,
			EmbeddedDatabaseProperties properties) throws IOException {
		EmbeddedDatabaseEarlyStart.Starting early = starting.getIfAvailable();
		return (early != null) ? early.take() : start(properties);
	}

	/**
	 * Starts (or adopts) the embedded PostgreSQL of {@code properties}.
	 */
	static EmbeddedDatabase start(EmbeddedDatabaseProperties properties) throws IOException {
		Path root = properties.dataDir().toAbsolutePath().normalize();
		Path dataDir = root.resolve("postgres");
		if (properties.clean()) {
			FileSystemUtils.deleteRecursively(dataDir);
		}
		Files.createDirectories(dataDir);
		java.nio.channels.FileChannel lock = EmbeddedDatabase.lock(root);
		String durable = properties.durable() ? "on" : "off";
		Optional<OrphanedPostmaster> orphan = OrphanedPostmaster.find(dataDir);
		if (orphan.isPresent()) {
			OrphanedPostmaster running = orphan.get();
			if ((properties.port() == 0 || properties.port() == running.port()) && running.runsWith(durable)) {
				log.warn("Adopting PostgreSQL (pid {}, port {}) left running on {} by a killed process",
						running.process().pid(), running.port(), dataDir);
				return EmbeddedDatabase.of(running.port(), running::stop, lock, throwaway(properties, root));
			}
			running.stop();
		}
		EmbeddedPostgres postgres = EmbeddedPostgres.builder()
			.setDataDirectory(dataDir)
			.setCleanDataDirectory(false)
			.setPort(properties.port())
			// stopped by the context after the workers (destroy method), not by a JVM
			// shutdown hook racing the graceful shutdown
			.setRegisterShutdownHook(false)
			.setPGStartupWait(Duration.ofSeconds(60))
			// zonky starts postgres with -F (fsync off) and synchronous_commit off; a
			// gateway that answers 202 only after commit must not lose those commits in a
			// power cut.
			.setServerConfig("fsync", durable)
			.setServerConfig("synchronous_commit", durable)
			.setServerConfig("full_page_writes", durable)
			.setServerConfig("shared_buffers", "256MB")
			.setServerConfig("max_wal_size", "2GB")
			.setServerConfig("max_connections", "200")
			.start();
		log.info("Embedded PostgreSQL on port {} with data in {} (durable commits: {})", postgres.getPort(), dataDir,
				durable);
		return EmbeddedDatabase.of(postgres.getPort(), postgres::close, lock, throwaway(properties, root));
	}

	// the directory to delete once the database stopped, if any
	private static Path throwaway(EmbeddedDatabaseProperties properties, Path root) {
		return (properties.throwaway() && properties.clean()) ? root : null;
	}

	@Bean
	DataSource dataSource(EmbeddedDatabase postgres, EmbeddedDatabaseProperties properties,
			@Value("${spring.datasource.hikari.connection-init-sql:}") String connectionInitSql) {
		HikariConfig config = new HikariConfig();
		// the same session settings as an external database's pool (application.yml)
		if (!connectionInitSql.isBlank()) {
			config.setConnectionInitSql(connectionInitSql);
		}
		config.setJdbcUrl("jdbc:postgresql://localhost:" + postgres.port() + "/postgres?reWriteBatchedInserts=true");
		config.setUsername("postgres");
		config.setMaximumPoolSize(properties.poolSize());
		config.setPoolName("tidings");
		// driver errors must not echo a statement's values (phone numbers, content) into
		// logs
		config.addDataSourceProperty("logServerErrorDetail", "false");
		// a silent network partition is noticed (as for an external database:
		// application.yml)
		config.addDataSourceProperty("tcpKeepAlive", "true");
		config.addDataSourceProperty("connectTimeout", "2");
		config.addDataSourceProperty("loginTimeout", "3");
		config.addDataSourceProperty("socketTimeout", "300");
		// a database that cannot be reached fails requests in seconds (503), not after 30
		// s
		config.setConnectionTimeout(1000);
		config.setValidationTimeout(500);
		return new HikariDataSource(config);
	}

}
