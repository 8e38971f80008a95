package io.tidings.common;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Database connections outside the pool, for what lives as long as one session (advisory
 * locks, {@code LISTEN}): opened with the pool's URL, user and driver settings and a name
 * of their own in {@code pg_stat_activity}.
 */
public final class DedicatedConnections {

	private DedicatedConnections() {
	}

	/**
	 * Opens a connection in auto-commit mode, or takes one from a data source that is not
	 * a Hikari pool (tests).
	 */
	public static Connection open(DataSource dataSource, String applicationName) throws SQLException {
		if (dataSource instanceof HikariDataSource hikari && hikari.getJdbcUrl() != null) {
			Properties properties = new Properties();
			properties.putAll(hikari.getDataSourceProperties());
			if (hikari.getUsername() != null) {
				properties.setProperty("user", hikari.getUsername());
			}
			if (hikari.getPassword() != null) {
				properties.setProperty("password", hikari.getPassword());
			}
			properties.setProperty("ApplicationName", applicationName);
			properties.setProperty("tcpKeepAlive", "true");
			Connection connection = DriverManager.getConnection(hikari.getJdbcUrl(), properties);
			connection.setAutoCommit(true);
			return connection;
		}
		return dataSource.getConnection();
	}

}
