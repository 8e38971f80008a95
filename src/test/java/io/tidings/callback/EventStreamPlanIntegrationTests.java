package io.tidings.callback;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import javax.sql.DataSource;

import io.tidings.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.postgresql.PGStatement;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pipeline's statements run thousands of times a second on day-partitioned tables:
 * planned once per connection, not on every call (PostgreSQL's default re-planned the
 * callback stream's read on every call, over every partition: most of the database's CPU
 * per message).
 */
@IntegrationTest
class EventStreamPlanIntegrationTests {

	@Autowired
	DataSource dataSource;

	@Test
	void theCallbackStreamsReadIsPlannedOncePerConnectionNotOnEveryCall() throws Exception {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement read = connection.prepareStatement(EventStream.READ_AHEAD)) {
			// prepared on the server from the first call, as PgJDBC does from the fifth
			read.unwrap(PGStatement.class).setPrepareThreshold(1);
			for (int call = 0; call < 10; call++) {
				read.setInt(1, call % EventLogWorkers.PARTITIONS);
				read.setString(2, "0");
				read.setLong(3, 0);
				read.setInt(4, 10);
				try (ResultSet rs = read.executeQuery()) {
					while (rs.next()) {
						// drained
					}
				}
			}
			try (PreparedStatement plans = connection.prepareStatement("""
					select generic_plans, custom_plans from pg_prepared_statements
					where statement like '%from status_event e cross join lateral%'""");
					ResultSet rs = plans.executeQuery()) {
				assertThat(rs.next()).as("the read is a prepared statement on the server").isTrue();
				assertThat(rs.getLong("custom_plans")).as("plans made for one call's parameters").isZero();
				// the pooled connection may have run the stream's own reads too
				assertThat(rs.getLong("generic_plans")).as("calls that reused the generic plan")
					.isGreaterThanOrEqualTo(10);
			}
		}
	}

}
