package io.tidings.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A postmaster left running by a gateway process that was killed: it still holds the data
 * directory. The next start adopts it when it runs as configured (no stop, no recovery,
 * no start: seconds saved), and otherwise stops it first (PostgreSQL recovers from its
 * WAL).
 */
record OrphanedPostmaster(ProcessHandle process, int port) {

	private static final Logger log = LoggerFactory.getLogger(OrphanedPostmaster.class);

	/**
	 * The postmaster running on {@code dataDir}, if any.
	 */
	static Optional<OrphanedPostmaster> find(Path dataDir) throws IOException {
		Path pidFile = dataDir.resolve("postmaster.pid");
		if (!Files.exists(pidFile)) {
			return Optional.empty();
		}
		List<String> lines = Files.readAllLines(pidFile);
		if (lines.size() < 4) {
			return Optional.empty();
		}
		try {
			long pid = Long.parseLong(lines.get(0).trim());
			int port = Integer.parseInt(lines.get(3).trim());
			return ProcessHandle.of(pid)
				.filter(ProcessHandle::isAlive)
				.filter((process) -> process.info().command().map((c) -> c.contains("postgres")).orElse(false))
				.map((process) -> new OrphanedPostmaster(process, port));
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Whether it answers on its port with the given {@code fsync} setting.
	 */
	boolean runsWith(String fsync) {
		Properties props = new Properties();
		props.setProperty("user", "postgres");
		props.setProperty("connectTimeout", "2");
		props.setProperty("socketTimeout", "5");
		try (Connection connection = DriverManager
			.getConnection("jdbc:postgresql://localhost:" + this.port + "/postgres", props);
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("show fsync")) {
			return rs.next() && fsync.equals(rs.getString(1));
		}
		catch (SQLException ex) {
			return false;
		}
	}

	/**
	 * Stops it (smart shutdown: its clients died with the killed process) and waits.
	 */
	void stop() {
		log.info("Stopping PostgreSQL (pid {})", this.process.pid());
		this.process.destroy();
		try {
			this.process.onExit().get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			this.process.destroyForcibly();
		}
	}

}
