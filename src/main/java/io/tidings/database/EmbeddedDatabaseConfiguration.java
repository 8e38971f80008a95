package io.tidings.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

	@Bean(destroyMethod = "close")
	EmbeddedPostgres embeddedPostgres(EmbeddedDatabaseProperties properties) throws IOException {
		Path dataDir = properties.dataDir().toAbsolutePath().normalize().resolve("postgres");
		if (properties.clean()) {
			FileSystemUtils.deleteRecursively(dataDir);
		}
		Files.createDirectories(dataDir);
		OrphanedPostmaster.stopIfRunning(dataDir);
		String durable = properties.durable() ? "on" : "off";
		EmbeddedPostgres postgres = EmbeddedPostgres.builder()
			.setDataDirectory(dataDir)
			.setCleanDataDirectory(false)
			.setPort(properties.port())
			.setPGStartupWait(Duration.ofSeconds(60))
			// zonky starts postgres with -F (fsync off) and synchronous_commit off; a
			// gateway
			// that answers 202 only after commit must not lose those commits in a power
			// cut.
			.setServerConfig("fsync", durable)
			.setServerConfig("synchronous_commit", durable)
			.setServerConfig("full_page_writes", durable)
			.setServerConfig("shared_buffers", "256MB")
			.setServerConfig("max_wal_size", "2GB")
			.setServerConfig("max_connections", "200")
			.start();
		log.info("Embedded PostgreSQL on port {} with data in {} (durable commits: {})", postgres.getPort(), dataDir,
				durable);
		return postgres;
	}

	@Bean
	DataSource dataSource(EmbeddedPostgres postgres, EmbeddedDatabaseProperties properties) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl("jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres?reWriteBatchedInserts=true");
		config.setUsername("postgres");
		config.setMaximumPoolSize(properties.poolSize());
		config.setPoolName("tidings");
		// driver errors must not echo a statement's values (phone numbers, content) into
		// logs
		config.addDataSourceProperty("logServerErrorDetail", "false");
		// a database that cannot be reached fails requests in seconds (503), not after 30
		// s
		config.setConnectionTimeout(1000);
		config.setValidationTimeout(500);
		return new HikariDataSource(config);
	}

}
