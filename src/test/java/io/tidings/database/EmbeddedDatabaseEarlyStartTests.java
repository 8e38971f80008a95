package io.tidings.database;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.support.GenericApplicationContext;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EmbeddedDatabaseEarlyStartTests {

	@TempDir
	Path dataDir;

	@Test
	void aDatabaseStartedEarlyThatTheContextNeverTookIsStoppedWhenTheContextCloses() throws Exception {
		GenericApplicationContext context = context("tidings.database.data-dir", this.dataDir.toString());
		new EmbeddedDatabaseEarlyStart().initialize(context);
		context.refresh();
		// the start runs on a thread of its own: wait for it, not for the clock
		assertThat(context.getBean(EmbeddedDatabaseEarlyStart.Starting.class).port()).isPositive();
		long pid = Long.parseLong(Files.readAllLines(this.dataDir.resolve("postgres/postmaster.pid")).get(0).trim());
		assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isTrue();
		context.close();
		// pg_ctl stop returns once the server is down; the process is reaped a moment
		// later
		await().atMost(Duration.ofSeconds(30))
			.until(() -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
	}

	@Test
	void aThrowawayDataDirectoryIsDeletedWhenItsContextCloses() throws Exception {
		// the test profile's directories (a fresh one per Spring context, ~1.6 GiB each)
		Path throwaway = this.dataDir.resolve("tidings-test-context");
		GenericApplicationContext context = context("tidings.database.data-dir", throwaway.toString(),
				"tidings.database.clean", "true", "tidings.database.throwaway", "true");
		new EmbeddedDatabaseEarlyStart().initialize(context);
		context.refresh();
		assertThat(context.getBean(EmbeddedDatabaseEarlyStart.Starting.class).port()).isPositive();
		assertThat(throwaway.resolve("postgres/PG_VERSION")).exists();
		context.close();
		assertThat(throwaway).doesNotExist();
	}

	@Test
	void aDataDirectoryToStartOnAgainIsKeptWhenItsContextCloses() throws Exception {
		// a test that restarts on the same data turns clean off: throwaway alone keeps it
		GenericApplicationContext context = context("tidings.database.data-dir", this.dataDir.toString(),
				"tidings.database.throwaway", "true");
		new EmbeddedDatabaseEarlyStart().initialize(context);
		context.refresh();
		assertThat(context.getBean(EmbeddedDatabaseEarlyStart.Starting.class).port()).isPositive();
		context.close();
		assertThat(this.dataDir.resolve("postgres/PG_VERSION")).exists();
	}

	@Test
	void nothingStartsWhenAnExternalDatabaseIsConfigured() {
		GenericApplicationContext context = context("tidings.database.data-dir", this.dataDir.toString(),
				"spring.datasource.url", "jdbc:postgresql://localhost:1/none");
		new EmbeddedDatabaseEarlyStart().initialize(context);
		assertThat(context.getBeanFactory().containsSingleton(EmbeddedDatabaseEarlyStart.BEAN_NAME)).isFalse();
		assertThat(this.dataDir.resolve("postgres")).doesNotExist();
	}

	private static GenericApplicationContext context(String... properties) {
		MockEnvironment environment = new MockEnvironment();
		for (int i = 0; i < properties.length; i += 2) {
			environment.setProperty(properties[i], properties[i + 1]);
		}
		environment.setProperty("tidings.database.durable", "false");
		GenericApplicationContext context = new GenericApplicationContext();
		context.setEnvironment(environment);
		return context;
	}

}
