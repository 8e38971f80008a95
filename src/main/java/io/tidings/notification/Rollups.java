package io.tidings.notification;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import io.tidings.common.FailureKind;
import io.tidings.common.Status;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Counter deltas gathered over one batch and written as one upsert per bucket, in key
 * order so that concurrent batches cannot deadlock on the same buckets. Each batch adds
 * to one of {@value #STRIPES} stripes of a bucket, so that concurrent batches of the same
 * bot, hour and template do not wait on each other's row (a row lock is held until the
 * commit's WAL flush); reads sum the stripes. The stripe is the writing thread's own
 * (threads take stripes in turn, from an offset chosen at random per instance): the
 * accept writers and status workers of one instance never share one, where stripes chosen
 * at random per batch collided in about a third of the moments four writers were busy.
 */
final class Rollups {

	private static final String COLUMNS = """
			bot_id, hour, campaign_id, template_name, stripe, accepted, sent, in_created, in_delivered_channel,
			  in_delivered_user, in_read, in_reply, in_failed, failed_invalid, failed_absent, queue_ms_sum, queue_count,
			  delivery_ms_sum, delivery_count""";

	private static final String ON_CONFLICT = """
			on conflict (bot_id, hour, campaign_id, template_name, stripe) do update set
			  accepted = r.accepted + excluded.accepted, sent = r.sent + excluded.sent,
			  in_created = r.in_created + excluded.in_created,
			  in_delivered_channel = r.in_delivered_channel + excluded.in_delivered_channel,
			  in_delivered_user = r.in_delivered_user + excluded.in_delivered_user,
			  in_read = r.in_read + excluded.in_read, in_reply = r.in_reply + excluded.in_reply,
			  in_failed = r.in_failed + excluded.in_failed, failed_invalid = r.failed_invalid + excluded.failed_invalid,
			  failed_absent = r.failed_absent + excluded.failed_absent,
			  queue_ms_sum = r.queue_ms_sum + excluded.queue_ms_sum, queue_count = r.queue_count + excluded.queue_count,
			  delivery_ms_sum = r.delivery_ms_sum + excluded.delivery_ms_sum,
			  delivery_count = r.delivery_count + excluded.delivery_count""";

	private static final String UPSERT = "insert into notification_rollup as r (" + COLUMNS + ")\n"
			+ "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)\n" + ON_CONFLICT;

	/**
	 * The upsert of every bucket in one statement of one shape (arrays), to follow a
	 * caller's {@code WITH}: its parameters are bound by {@link #bind}.
	 */
	static final String UPSERT_ARRAYS = "insert into notification_rollup as r (" + COLUMNS + ")\n"
			+ "select * from unnest(?::text[], ?::timestamptz[], ?::text[], ?::text[], ?::int2[], ?::int8[], ?::int8[], "
			+ "?::int8[], ?::int8[], ?::int8[], ?::int8[], ?::int8[], ?::int8[], ?::int8[], ?::int8[], ?::int8[], "
			+ "?::int8[], ?::int8[], ?::int8[])\n" + ON_CONFLICT;

	private static final String[] TYPES = { "text", "timestamptz", "text", "text", "int2", "int8", "int8", "int8",
			"int8", "int8", "int8", "int8", "int8", "int8", "int8", "int8", "int8", "int8", "int8" };

	private static final Comparator<Key> ORDER = Comparator.comparing(Key::botId)
		.thenComparing(Key::hour)
		.thenComparing(Key::campaignId)
		.thenComparing(Key::templateName);

	static final int STRIPES = 16;

	private final Map<Key, long[]> deltas = new TreeMap<>(ORDER);

	private static final int FIRST_STRIPE = ThreadLocalRandom.current().nextInt(STRIPES);

	private static final AtomicInteger NEXT_STRIPE = new AtomicInteger();

	private static final ThreadLocal<Short> THREAD_STRIPE = ThreadLocal
		.withInitial(() -> (short) Math.floorMod(FIRST_STRIPE + NEXT_STRIPE.getAndIncrement(), STRIPES));

	private final short stripe = THREAD_STRIPE.get();

	short stripe() {
		return this.stripe;
	}

	static short randomStripe() {
		return (short) ThreadLocalRandom.current().nextInt(STRIPES);
	}

	void accepted(Tracked n) {
		long[] d = deltas(n);
		d[ACCEPTED]++;
		d[IN_CREATED]++;
	}

	void moved(Tracked n, Status from, Status to) {
		long[] d = deltas(n);
		d[column(from)]--;
		d[column(to)]++;
		if (to == Status.FAILED) {
			if (n.failureKind == FailureKind.INVALID) {
				d[FAILED_INVALID]++;
			}
			else if (n.failureKind == FailureKind.ABSENT) {
				d[FAILED_ABSENT]++;
			}
		}
	}

	void sent(Tracked n) {
		long[] d = deltas(n);
		d[SENT]++;
		d[QUEUE_MS] += Math.max(0, Duration.between(n.createdAt, n.sentAt).toMillis());
		d[QUEUE_N]++;
	}

	void reachedUser(Tracked n) {
		long[] d = deltas(n);
		d[DELIVERY_MS] += Math.max(0, Duration.between(n.sentAt, n.deliveryUserAt).toMillis());
		d[DELIVERY_N]++;
	}

	/**
	 * Binds the buckets (at least one) as {@link #UPSERT_ARRAYS}'s parameters, from
	 * parameter {@code first} on, in key order.
	 */
	void bind(java.sql.PreparedStatement ps, int first) throws java.sql.SQLException {
		ColumnArrays.bind(ps, first, rows(), TYPES);
	}

	boolean isEmpty() {
		return this.deltas.isEmpty();
	}

	void write(JdbcTemplate jdbc) {
		if (this.deltas.isEmpty()) {
			return;
		}
		jdbc.batchUpdate(UPSERT, rows());
	}

	private List<Object[]> rows() {
		List<Object[]> rows = new ArrayList<>(this.deltas.size());
		this.deltas.forEach((key, d) -> {
			Object[] row = new Object[5 + d.length];
			row[0] = key.botId();
			row[1] = Timestamp.from(key.hour());
			row[2] = key.campaignId();
			row[3] = key.templateName();
			row[4] = this.stripe;
			for (int i = 0; i < d.length; i++) {
				row[5 + i] = d[i];
			}
			rows.add(row);
		});
		return rows;
	}

	private long[] deltas(Tracked n) {
		Key key = new Key(n.botId, n.createdAt.truncatedTo(ChronoUnit.HOURS),
				(n.campaignId != null) ? n.campaignId : "", (n.templateName != null) ? n.templateName : "");
		return this.deltas.computeIfAbsent(key, (k) -> new long[14]);
	}

	private static int column(Status status) {
		return switch (status) {
			case CREATED -> IN_CREATED;
			case DELIVERED_CHANNEL -> IN_DELIVERED_CHANNEL;
			case DELIVERED_USER -> IN_DELIVERED_USER;
			case READ -> IN_READ;
			case REPLY -> IN_REPLY;
			case FAILED -> IN_FAILED;
		};
	}

	private static final int ACCEPTED = 0;

	private static final int SENT = 1;

	private static final int IN_CREATED = 2;

	private static final int IN_DELIVERED_CHANNEL = 3;

	private static final int IN_DELIVERED_USER = 4;

	private static final int IN_READ = 5;

	private static final int IN_REPLY = 6;

	private static final int IN_FAILED = 7;

	private static final int FAILED_INVALID = 8;

	private static final int FAILED_ABSENT = 9;

	private static final int QUEUE_MS = 10;

	private static final int QUEUE_N = 11;

	private static final int DELIVERY_MS = 12;

	private static final int DELIVERY_N = 13;

	private record Key(String botId, Instant hour, String campaignId, String templateName) {
	}

}
