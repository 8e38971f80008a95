package io.tidings.database;

import java.nio.file.Path;

/**
 * Started in its own JVM by {@link EmbeddedDatabaseTests}: starts the embedded database
 * and dies without any shutdown hook, as a process killed with SIGKILL does.
 */
public final class OrphanedPostmasterMaker {

	private OrphanedPostmasterMaker() {
	}

	public static void main(String[] args) throws Exception {
		var configuration = new EmbeddedDatabaseConfiguration();
		var properties = new EmbeddedDatabaseProperties(Path.of(args[0]), true, false, 0, 2, false);
		var postgres = EmbeddedDatabaseConfiguration.start(properties);
		try (var connection = configuration.dataSource(postgres, properties, "").getConnection();
				var statement = connection.createStatement()) {
			statement.execute("create table kept (v text); insert into kept values ('after a crash')");
		}
		Runtime.getRuntime().halt(137);
	}

}
