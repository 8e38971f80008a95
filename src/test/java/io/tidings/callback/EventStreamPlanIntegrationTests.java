package io.tidings.callback;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import io.tidings.common.TimeOrderedId;
import io.tidings.notification.OutboxWindow;
import io.tidings.support.GenericPlans;
import io.tidings.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.postgresql.PGStatement;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

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

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Test
	void theCallbackStreamsReadsArePlannedOncePerConnectionNotOnEveryCall() throws Exception {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement events = connection.prepareStatement(EventReads.EVENTS);
				PreparedStatement notifications = connection.prepareStatement(EventReads.NOTIFICATIONS)) {
			// prepared on the server from the first call, as PgJDBC does from the fifth
			events.unwrap(PGStatement.class).setPrepareThreshold(1);
			notifications.unwrap(PGStatement.class).setPrepareThreshold(1);
			for (int call = 0; call < 10; call++) {
				UUID since = OutboxWindow.read(call % 2 == 0);
				events.setString(1, "1000000");
				events.setArray(2, connection.createArrayOf("int4",
						new Object[] { call % EventLogWorkers.PARTITIONS, (call + 1) % EventLogWorkers.PARTITIONS }));
				events.setArray(3, connection.createArrayOf("text", new Object[] { "0", "0" }));
				events.setArray(4, connection.createArrayOf("int8", new Object[] { 0L, 0L }));
				events.setObject(5, since);
				events.setInt(6, 10);
				drain(events);
				UUID id = TimeOrderedId.next();
				notifications.setArray(1, connection.createArrayOf("uuid", new Object[] { id }));
				notifications.setObject(2, id);
				notifications.setObject(3, id);
				drain(notifications);
			}
			// the statements themselves, not a pattern: the pooled connection may have
			// prepared others of the pipeline that share words with them
			for (String statement : new String[] { GenericPlans.numbered(EventReads.EVENTS),
					GenericPlans.numbered(EventReads.NOTIFICATIONS) }) {
				try (PreparedStatement plans = connection.prepareStatement(
						"select generic_plans, custom_plans from pg_prepared_statements where statement = ?")) {
					plans.setString(1, statement);
					try (ResultSet rs = plans.executeQuery()) {
						assertThat(rs.next()).as("a prepared statement on the server: " + statement).isTrue();
						assertThat(rs.getLong("custom_plans")).as("plans made for one call's parameters").isZero();
						// the pooled connection may have run the stream's own reads too
						assertThat(rs.getLong("generic_plans")).as("calls that reused the generic plan")
							.isGreaterThanOrEqualTo(10);
					}
				}
			}
		}
	}

	@Test
	void theCachedPlanOfTheEventsReadReadsADayByItsOutboxIndexInOrder() {
		// the window of notification ids is a lower bound only: with both bounds the
		// planner took it for a narrow range and read today's events by notification id,
		// all of them, for every read (43 ms each in the side by side)
		String today = "status_event_p" + DateTimeFormatter.ofPattern("yyyyMMdd").format(LocalDate.now(ZoneOffset.UTC));
		List<String> plan = GenericPlans.explain(this.jdbc, this.transactions, (jdbc) -> {
			jdbc.update("""
					insert into status_event (notification_id, status, occurred_at, recorded_at, callback)
					select (lpad(to_hex(floor(extract(epoch from now()) * 1000)::bigint), 12, '0') || '7'
					  || lpad(to_hex(g), 19, '0'))::uuid, 'SENT', now(), now(), g % 3 = 0
					from generate_series(1, 20000) g""");
			jdbc.execute("analyze " + today);
		}, EventReads.EVENTS, "'1000000'", "'{3,5}'", "'{0,0}'", "'{0,0}'", "'" + OutboxWindow.read(true) + "'::uuid",
				"500");

		assertThat(plan).as(String.join("\n", plan))
			.anySatisfy((line) -> assertThat(line).contains("using " + today + "_part_tx_seq_idx on " + today));
		assertThat(plan).as(String.join("\n", plan))
			.noneSatisfy((line) -> assertThat(line).contains("_notification_id_recorded_at_idx on " + today));
	}

	private static void drain(PreparedStatement statement) throws Exception {
		try (ResultSet rs = statement.executeQuery()) {
			while (rs.next()) {
				// drained
			}
		}
	}

}
