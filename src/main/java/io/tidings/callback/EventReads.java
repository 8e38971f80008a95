package io.tidings.callback;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.tidings.common.CallbackFormat;
import io.tidings.common.Channel;
import io.tidings.common.Origin;
import io.tidings.common.SharedCalls;
import io.tidings.common.Status;
import io.tidings.common.TimeOrderedId;
import io.tidings.notification.OutboxWindow;
import io.tidings.notification.StatusChange;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The callback stream's reads: the readable events after a partition's cursor, with what
 * their callbacks need of their notifications. Partitions that read at the same time
 * share one read ({@link SharedCalls}): a commit of status updates wakes most partitions
 * at once, and each read is three statements whatever the number of partitions in it (one
 * read per partition was more than half of the pipeline's statements).
 */
final class EventReads {

	static final int BATCH = 500;

	// what a read is, in three statements. First, whether a late event (OutboxWindow)
	// may lie after each cursor, and the oldest transaction still running. Then the
	// events after each cursor, of the recent days only unless a late one may be there,
	// marked readable when their transaction is older than that one (none is passed over
	// that commits later; the events committed but not readable yet follow the others:
	// one statement tells what to post and whether to look again soon). Then their
	// notifications, by id above a plain bound. A generic plan prunes the day partitions
	// on plain parameters when it starts: the events' read to the days of the window, the
	// lookup to the days of its ids. A lateral lookup per event started a scan of every
	// day's primary key: with 90 days kept, that and the outbox index of every day were
	// 1.1 ms per read, against 0.09 ms with 9 partitions
	static final String LATE = """
			select c.i, coalesce((select max(l.tx) from callback_late l where l.part = c.part), '0'::xid8)::text,
			  pg_snapshot_xmin(pg_current_snapshot())::text
			from unnest(?::int4[]) with ordinality as c(part, i)""";

	static final String EVENTS = """
			select c.i, e.seq, e.tx::text, e.notification_id, e.status, e.occurred_at, e.error_code, e.error_message,
			  e.reply, e.tx < ?::xid8
			from unnest(?::int4[], ?::text[], ?::int8[]) with ordinality as c(part, tx, seq, i)
			cross join lateral (
			  select e.seq, e.tx, e.notification_id, e.status, e.occurred_at, e.error_code, e.error_message, e.reply
			  from status_event e
			  where e.part = c.part and e.callback and (e.tx, e.seq) > (c.tx::xid8, c.seq) and e.notification_id >= ?
			  order by e.tx, e.seq limit ?) e
			order by c.i, e.tx, e.seq""";

	static final String NOTIFICATIONS = """
			select id, bot_id, channel, origin, callback_format, campaign_id, template_name, destination,
			  custom_payload::text, postback_url
			from notification where id = any(?::uuid[]) and id between ? and ?""";

	private final JdbcTemplate jdbc;

	private final SharedCalls<Asked, Read> shared;

	/**
	 * @param spacing least time between the starts of two reads (the partitions that ask
	 * meanwhile join the next)
	 */
	EventReads(JdbcTemplate jdbc, Duration spacing) {
		this.jdbc = jdbc;
		this.shared = new SharedCalls<>(this::readAll, spacing);
	}

	/**
	 * The readable events after a partition's cursor: of the recent days
	 * ({@link OutboxWindow}), or of all when a late event may lie after the cursor or
	 * {@code everyDay} (the first read of a partition taken, and reads after one that
	 * came back full).
	 */
	Read read(int part, String tx, long seq, boolean everyDay) {
		return this.shared.ask(new Asked(part, tx, seq, everyDay));
	}

	private List<Read> readAll(List<Asked> asked) {
		Integer[] parts = asked.stream().map(Asked::part).toArray(Integer[]::new);
		String[] late = new String[asked.size()];
		String[] xmin = new String[1];
		this.jdbc.query(LATE, (rs) -> {
			late[rs.getInt(1) - 1] = rs.getString(2);
			xmin[0] = rs.getString(3);
		}, (Object) parts);
		// one window for the read: every day when one of its partitions needs them
		boolean all = false;
		for (int i = 0; i < asked.size(); i++) {
			all |= asked.get(i).everyDay() || Long.compareUnsigned(Long.parseUnsignedLong(late[i]),
					Long.parseUnsignedLong(asked.get(i).tx())) >= 0;
		}
		List<List<Logged>> rows = new ArrayList<>();
		asked.forEach((a) -> rows.add(new ArrayList<>()));
		boolean[] blocked = new boolean[asked.size()];
		this.jdbc.query(EVENTS, (rs) -> {
			int i = rs.getInt(1) - 1;
			if (blocked[i] || !rs.getBoolean(10)) {
				blocked[i] = true;
				return;
			}
			rows.get(i)
				.add(new Logged(rs.getLong(2), rs.getString(3), rs.getObject(4, UUID.class), rs.getString(5),
						rs.getTimestamp(6).toInstant(), (Integer) rs.getObject(7), rs.getString(8), rs.getString(9)));
		}, xmin[0], parts, asked.stream().map(Asked::tx).toArray(String[]::new),
				asked.stream().map(Asked::seq).toArray(Long[]::new), OutboxWindow.read(!all), BATCH);
		Map<UUID, Target> targets = targets(rows);
		List<Read> reads = new ArrayList<>(asked.size());
		for (int i = 0; i < asked.size(); i++) {
			reads.add(read(rows.get(i), blocked[i], targets));
		}
		return reads;
	}

	private static Read read(List<Logged> rows, boolean blocked, Map<UUID, Target> targets) {
		List<Event> events = new ArrayList<>(rows.size());
		for (Logged e : rows) {
			Target n = targets.get(e.notificationId());
			if (n != null) { // gone with its day (retention): nothing to call back
				events.add(new Event(e.seq(), e.tx(),
						new StatusChange(e.notificationId(), n.botId(), Channel.fromWire(n.channel()),
								Origin.valueOf(n.origin()), CallbackFormat.fromWire(n.callbackFormat()),
								Status.valueOf(e.status()), e.occurredAt(), e.errorCode(), e.errorMessage(), e.reply(),
								n.destination(), n.templateName(), n.campaignId(), n.customPayload(),
								n.postbackUrl())));
			}
		}
		Logged last = rows.isEmpty() ? null : rows.get(rows.size() - 1);
		return new Read(events, blocked, rows.size() == BATCH, last);
	}

	/**
	 * What the callbacks of these events need of their notifications, by id.
	 */
	private Map<UUID, Target> targets(List<List<Logged>> rows) {
		Set<UUID> ids = new HashSet<>();
		rows.forEach((events) -> events.forEach((e) -> ids.add(e.notificationId())));
		if (ids.isEmpty()) {
			return Map.of();
		}
		UUID[] bounds = TimeOrderedId.bounds(ids);
		Map<UUID, Target> found = new HashMap<>();
		this.jdbc.query(NOTIFICATIONS, (rs) -> {
			found.put(rs.getObject(1, UUID.class),
					new Target(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
							rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10)));
		}, (Object) ids.stream().map(UUID::toString).toArray(String[]::new), bounds[0], bounds[1]);
		return found;
	}

	private record Asked(int part, String tx, long seq, boolean everyDay) {
	}

	/**
	 * What one read found for a partition.
	 *
	 * @param events the readable events after the cursor, in commit order
	 * @param blocked whether committed events follow that are not readable yet
	 * @param full whether the read stopped at its limit
	 * @param last the last readable event, of a notification that exists or not, or null
	 * when there was none
	 */
	record Read(List<Event> events, boolean blocked, boolean full, Logged last) {
	}

	/**
	 * An event as the log has it.
	 */
	record Logged(long seq, String tx, UUID notificationId, String status, Instant occurredAt, Integer errorCode,
			String errorMessage, String reply) {
	}

	/**
	 * What a callback needs of its notification.
	 */
	private record Target(String botId, String channel, String origin, String callbackFormat, String campaignId,
			String templateName, String destination, String customPayload, String postbackUrl) {
	}

	/**
	 * An event to call back, where the stream's cursor goes once it is.
	 */
	record Event(long seq, String tx, StatusChange change) {

		StreamedEvent streamed() {
			return new StreamedEvent(this.seq, this.change);
		}

	}

}
