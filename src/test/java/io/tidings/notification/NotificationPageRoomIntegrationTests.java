package io.tidings.notification;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import io.tidings.support.IntegrationTest;
import io.tidings.support.TestBot;
import io.tidings.support.TidingsClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A status that changes no indexed column is written heap-only (no index entry, a smaller
 * WAL record) only if the row's page has room for the new version: receipts come in about
 * the order the messages went out, so several rows of one page change in one transaction.
 */
@IntegrationTest
class NotificationPageRoomIntegrationTests {

	@Autowired
	TidingsClient client;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	TimePartitions partitions;

	@Test
	void halfTheRowsOfAFullPageTakeTheirStatusesHeapOnlyInOneTransaction() {
		// a day ahead, so no other test and no worker writes there
		LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(6);
		this.partitions.ensure(day, day);
		String partition = "notification_p" + DateTimeFormatter.ofPattern("yyyyMMdd").format(day);
		long millis = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() + 1000;
		TestBot bot = this.client.newBot(null);
		String seed = bot.send("whatsapp", "919876543215", null);
		// twelve copies of a real notification, sent, one after the other on the first
		// page
		String prefix = String.format("%012x", millis) + "7";
		this.jdbc.update("""
				insert into notification select (jsonb_populate_record(null::notification, to_jsonb(n)
				  || jsonb_build_object('id', (? || lpad(to_hex(g), 19, '0'))::text, 'due_at', null,
				    'status', 'SENT', 'internal_id', 'wamid.room' || g))).*
				from notification n, generate_series(1, 200) g where n.id = ?::uuid""", prefix, seed);
		Integer onFirstPage = this.jdbc
			.queryForObject("select count(*) from " + partition + " where (ctid::text::point)[0] = 0", Integer.class);
		int half = onFirstPage / 2;

		Map<String, Object> counts = this.transactions.execute((tx) -> {
			for (int g = 1; g <= half; g++) {
				this.jdbc.update("update notification set status = 'DELIVERED_USER', delivery_user_at = now() "
						+ "where id = (? || lpad(to_hex(?), 19, '0'))::uuid", prefix, g);
			}
			return this.jdbc.queryForMap(
					"select n_tup_upd, n_tup_hot_upd from pg_stat_xact_user_tables where relname = ?", partition);
		});

		assertThat(half).isGreaterThan(3);
		assertThat(counts).containsEntry("n_tup_upd", (long) half).containsEntry("n_tup_hot_upd", (long) half);
	}

}
