package io.tidings.database;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedDatabaseTests {

	@TempDir
	Path dataDir;

	private final EmbeddedDatabaseConfiguration configuration = new EmbeddedDatabaseConfiguration();

	@Test
	void defaultRunFlushesCommitsToDisk() throws Exception {
		try (EmbeddedDatabase postgres = start(true)) {
			assertThat(setting(postgres, "fsync")).isEqualTo("on");
			assertThat(setting(postgres, "synchronous_commit")).isEqualTo("on");
			assertThat(setting(postgres, "full_page_writes")).isEqualTo("on");
		}
	}

	@Test
	void dataSurvivesARestart() throws Exception {
		try (EmbeddedDatabase postgres = start(true)) {
			execute(postgres, "create table kept (v text); insert into kept values ('still here')");
		}
		try (EmbeddedDatabase postgres = start(true)) {
			assertThat(query(postgres, "select v from kept")).isEqualTo("still here");
		}
	}

	@Test
	void postmasterLeftRunningByAKilledProcessIsAdoptedOnTheNextStartAndStoppedAtItsEnd() throws Exception {
		Process killed = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
				System.getProperty("java.class.path"), OrphanedPostmasterMaker.class.getName(), this.dataDir.toString())
			.inheritIO()
			.start();
		assertThat(killed.waitFor()).isEqualTo(137);
		long pid = Long.parseLong(Files.readAllLines(this.dataDir.resolve("postgres/postmaster.pid")).get(0).trim());
		assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isTrue();
		try (EmbeddedDatabase postgres = start(true)) {
			// adopted as it runs: no stop, recovery and start on the way up
			assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isTrue();
			assertThat(query(postgres, "select v from kept")).isEqualTo("after a crash");
		}
		assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
	}

	@Test
	void postmasterRunningWithOtherSettingsIsStoppedAndStartedAgain() throws Exception {
		Process killed = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
				System.getProperty("java.class.path"), OrphanedPostmasterMaker.class.getName(), this.dataDir.toString())
			.inheritIO()
			.start();
		assertThat(killed.waitFor()).isEqualTo(137);
		long pid = Long.parseLong(Files.readAllLines(this.dataDir.resolve("postgres/postmaster.pid")).get(0).trim());
		try (EmbeddedDatabase postgres = start(false)) {
			assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
			assertThat(setting(postgres, "fsync")).isEqualTo("off");
			assertThat(query(postgres, "select v from kept")).isEqualTo("after a crash");
		}
	}

	@Test
	void aSecondProcessCannotTakeTheDataDirectoryOfALiveOne() throws Exception {
		try (EmbeddedDatabase postgres = start(true)) {
			org.assertj.core.api.Assertions.assertThatIllegalStateException()
				.isThrownBy(() -> EmbeddedDatabase.lock(this.dataDir))
				.withMessageContaining("another Tidings process");
		}
	}

	private EmbeddedDatabase start(boolean durable) throws Exception {
		return EmbeddedDatabaseConfiguration
			.start(new EmbeddedDatabaseProperties(this.dataDir, durable, false, 0, 2, false));
	}

	private String setting(EmbeddedDatabase postgres, String name) throws Exception {
		return query(postgres, "show " + name);
	}

	private String query(EmbeddedDatabase postgres, String sql) throws Exception {
		DataSource dataSource = this.configuration.dataSource(postgres,
				new EmbeddedDatabaseProperties(this.dataDir, true, false, 0, 2, false), "");
		try (Connection connection = dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getString(1);
		}
		finally {
			((HikariDataSource) dataSource).close();
		}
	}

	private void execute(EmbeddedDatabase postgres, String sql) throws Exception {
		DataSource dataSource = this.configuration.dataSource(postgres,
				new EmbeddedDatabaseProperties(this.dataDir, true, false, 0, 2, false), "");
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		finally {
			((HikariDataSource) dataSource).close();
		}
	}

}
