import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The in-run baselines of bench/run.sh: how fast the service's own PostgreSQL stores the
 * rows an accepted push produces (its notification row, which is also its place in the send
 * queue, and its CREATED event, which the callback stream reads) when a program does nothing
 * else.
 *
 * <ul>
 * <li>B2: JDBC batched INSERT (reWriteBatchedInserts, as the service), batches of 1000
 * notifications + 1000 events, one commit per batch.</li>
 * <li>B3: COPY of the same rows, 10,000 notifications + events per COPY and commit (the
 * campaign fan-out's batch size).</li>
 * </ul>
 *
 * Both write into scratch copies of the tables ({@code like … including all}: same
 * columns, defaults, generated and identity columns, and indexes), emptied before each run
 * and dropped at the end. One
 * connection, durable commits (the cluster's own settings).
 *
 * <p>
 * Usage (source-launcher mode, pgjdbc on the class path): {@code java -cp postgresql.jar
 * bench/Baselines.java JDBC_URL USER ROWS RUNS}. Prints one line per run:
 * {@code B2 run=1 rows=200000 seconds=5.123 rows_per_s=39040}.
 */
public class Baselines {

	private static final SecureRandom random = new SecureRandom();

	private static final String INSERT_NOTIFICATION = """
			insert into bench_notification (id, bot_id, channel, origin, callback_format, campaign_id, template_name,
			  destination, sender, content, request, custom_payload, postback_url, status, created_at, due_at)
			values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::json, ?::json, ?, 'CREATED', ?, ?)""";

	// as NotificationWriter: the CREATED event; seq, tx and part come from the column defaults
	private static final String INSERT_EVENT = """
			insert into bench_status_event (notification_id, status, occurred_at, recorded_at, callback)
			values (?, 'CREATED', ?, ?, true)""";

	public static void main(String[] args) throws Exception {
		String url = args[0];
		String user = args[1];
		int rows = Integer.parseInt(args[2]);
		int runs = Integer.parseInt(args[3]);
		try (Connection connection = DriverManager.getConnection(url, user, "")) {
			try (Statement s = connection.createStatement()) {
				s.execute("drop table if exists bench_notification, bench_status_event");
				s.execute("create table bench_notification (like notification including all)");
				s.execute("create table bench_status_event (like status_event including all)");
			}
			connection.setAutoCommit(false);
			try {
				for (int run = 1; run <= runs; run++) {
					truncate(connection);
					report("B2", run, rows, insert(connection, rows));
					truncate(connection);
					report("B3", run, rows, copy(connection, rows));
				}
			}
			finally {
				connection.setAutoCommit(true);
				try (Statement s = connection.createStatement()) {
					s.execute("drop table if exists bench_notification, bench_status_event");
				}
			}
		}
	}

	private static void truncate(Connection connection) throws Exception {
		try (Statement s = connection.createStatement()) {
			s.execute("truncate bench_notification, bench_status_event");
			s.execute("checkpoint");
		}
		connection.commit();
	}

	private static void report(String name, int run, int rows, long nanos) {
		double seconds = nanos / 1e9;
		System.out.printf("%s run=%d rows=%d seconds=%.3f rows_per_s=%.0f%n", name, run, rows, seconds,
				rows / seconds);
	}

	private static long insert(Connection connection, int rows) throws Exception {
		long start = System.nanoTime();
		try (PreparedStatement notifications = connection.prepareStatement(INSERT_NOTIFICATION);
				PreparedStatement events = connection.prepareStatement(INSERT_EVENT)) {
			for (int i = 0; i < rows; i++) {
				Row row = new Row(i);
				Timestamp createdAt = Timestamp.from(row.createdAt);
				notifications.setObject(1, row.id);
				notifications.setString(2, "bench");
				notifications.setString(3, "whatsapp");
				notifications.setString(4, "API");
				notifications.setString(5, "yellow");
				notifications.setString(6, null);
				notifications.setString(7, "bench_welcome");
				notifications.setString(8, row.destination);
				notifications.setString(9, null);
				notifications.setString(10, row.content());
				notifications.setString(11, row.request());
				notifications.setString(12, null);
				notifications.setString(13, null);
				notifications.setTimestamp(14, createdAt);
				notifications.setTimestamp(15, createdAt); // due now: queued for sending
				notifications.addBatch();
				events.setObject(1, row.id);
				events.setTimestamp(2, createdAt);
				events.setTimestamp(3, createdAt);
				events.addBatch();
				if ((i + 1) % 1000 == 0 || i == rows - 1) {
					notifications.executeBatch();
					events.executeBatch();
					connection.commit();
				}
			}
		}
		return System.nanoTime() - start;
	}

	private static long copy(Connection connection, int rows) throws Exception {
		CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
		long start = System.nanoTime();
		for (int from = 0; from < rows; from += 10_000) {
			int to = Math.min(rows, from + 10_000);
			StringBuilder notifications = new StringBuilder(700 * (to - from));
			StringBuilder events = new StringBuilder(120 * (to - from));
			for (int i = from; i < to; i++) {
				Row row = new Row(i);
				String createdAt = row.createdAt.toString();
				notifications.append(row.id)
					.append("\tbench\twhatsapp\tAPI\tyellow\t\\N\tbench_welcome\t")
					.append(row.destination)
					.append("\t\\N\t")
					.append(row.content())
					.append('\t')
					.append(row.request())
					.append("\t\\N\t\\N\tCREATED\t")
					.append(createdAt)
					.append('\t')
					.append(createdAt)
					.append('\n');
				events.append(row.id)
					.append("\tCREATED\t")
					.append(createdAt)
					.append('\t')
					.append(createdAt)
					.append("\ttrue\n");
			}
			copy.copyIn("""
					copy bench_notification (id, bot_id, channel, origin, callback_format, campaign_id, template_name,
					  destination, sender, content, request, custom_payload, postback_url, status, created_at, due_at)
					from stdin""",
					new ByteArrayInputStream(notifications.toString().getBytes(StandardCharsets.UTF_8)));
			copy.copyIn("copy bench_status_event (notification_id, status, occurred_at, recorded_at, callback) from stdin",
					new ByteArrayInputStream(events.toString().getBytes(StandardCharsets.UTF_8)));
			connection.commit();
		}
		return System.nanoTime() - start;
	}

	/**
	 * A notification as a push with the bench template stores it (content and request as
	 * the service writes them; no tabs, backslashes or newlines, so COPY text needs no
	 * escaping).
	 */
	private static final class Row {

		final UUID id;

		final Instant createdAt;

		final String destination;

		final int n;

		Row(int n) {
			this.n = n;
			this.createdAt = Instant.now();
			this.id = uuidV7(this.createdAt.toEpochMilli());
			// last digits 0-3, 5-9: the simulator's outcomes without its transient-error
			// digit
			int digit = "012356789".charAt(n % 9) - '0';
			this.destination = String.format("9198765%04d%d", (n / 9) % 10000, digit);
		}

		String content() {
			return "{\"cc\": null, \"bcc\": null, \"kind\": \"template\", \"text\": \"Hello Asha, your order A-" + this.n
					+ " is on its way.\", \"media\": null, \"footer\": null, \"header\": null, \"subject\": null, "
					+ "\"language\": \"en\", \"location\": null, \"urlParams\": null, \"bodyParams\": [\"Asha\", \"A-"
					+ this.n + "\"], \"quickReplies\": null}";
		}

		String request() {
			return "{\"userDetails\":{\"number\":\"" + this.destination
					+ "\"},\"notification\":{\"type\":\"whatsapp\",\"templateId\":\"bench_welcome\",\"params\":{\"1\":\"Asha\",\"2\":\"A-"
					+ this.n + "\"}}}";
		}

	}

	private static UUID uuidV7(long millis) {
		long msb = (millis << 16) | 0x7000L | (random.nextInt() & 0x0FFFL);
		long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(msb, lsb);
	}

}
