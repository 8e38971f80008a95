package io.tidings.notification;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.tidings.common.Channel;
import io.tidings.common.Status;
import io.tidings.common.TimeOrderedId;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The send queue, which is the notification table itself: a notification is due when its
 * {@code due_at} has passed. Claiming moves {@code due_at} forward by the lease, so a
 * worker that dies leaves notifications that become due again by themselves; the worker's
 * outcome clears or moves it in the same row update as the statuses it brings
 * ({@link StatusTracker#apply(List, List)}). No row is inserted or deleted to queue a
 * message.
 */
@Service
public class SendQueue {

	// the claimed ids as an array (sorted: each day partition's primary key looks them up
	// at the cost of one descent when none is its own), not a join: joining the claim to
	// the partitioned table, the planner may hash it against a scan of every partition.
	// The window of ids (see claim) twice, as plain parameters: in the scan of the queue,
	// and in the update, which an array made by a subquery prunes to no fewer partitions
	static final String CLAIM = """
			update notification n set due_at = ?,
			  attempts = n.attempts + (case when n.status = 'CREATED' then 1 else 0 end)
			where n.id = any(array(select id from (select id from notification where due_at <= ? and due_at >= ?
			  and id >= ? order by due_at limit ? for update skip locked) c order by id))
			  and n.id >= ?
			returning n.id, n.bot_id, n.channel, n.destination, n.sender, n.template_name, n.content::text, n.status,
			  n.created_at, n.attempts, n.follow_ups::text""";

	// parameters, not literals: a statement without one is sent unprepared and planned on
	// every call, over every day partition
	static final String NEXT_DUE = """
			select min(due_at) from notification where due_at >= ? and due_at < ?::timestamptz and id >= ?""";

	static final String DEPTH = """
			select count(*), min(due_at) from notification where due_at < 'infinity' and status = 'CREATED'""";

	/**
	 * How far back a claim from a floor looks for notifications by their creation, and so
	 * by their day partition (see {@link #claim}).
	 */
	static final Duration RECENT = Duration.ofDays(7);

	private final JdbcTemplate jdbc;

	private final DeferredContent deferred;

	private final JsonMapper json;

	SendQueue(JdbcTemplate jdbc, DeferredContent deferred, JsonMapper json) {
		this.jdbc = jdbc;
		this.deferred = deferred;
		this.json = json;
	}

	/**
	 * Claims up to {@code limit} due notifications until {@code leaseUntil}, looking only
	 * at due times from {@code floor} on (null: all): every claim and outcome leaves a
	 * dead entry behind in the {@code due_at} index until vacuum, and a scan from the
	 * oldest due time would step over all of them.
	 * <p>
	 * A claim from a floor also looks only at notifications made in the last
	 * {@link #RECENT} (and later): the queue's index is one per day partition, and a scan
	 * over all of them probes every day kept (90 by default), about 10 µs each on every
	 * claim, idle or not. What becomes due in an older day (a send scheduled further
	 * ahead, a campaign held longer and then resumed) is found by the claims that look at
	 * everything ({@code floor} null), which {@code DueFloor} makes at least every 10 s
	 * and for as long as they come back full.
	 */
	public List<Claimed> claim(int limit, Instant now, Instant leaseUntil, Instant floor) {
		UUID since = window(floor != null);
		return this.jdbc.query(CLAIM, (rs, row) -> new Claimed(
				this.deferred.outbound(rs.getObject(1, UUID.class), rs.getString(2), Channel.fromWire(rs.getString(3)),
						rs.getString(4), rs.getString(5), rs.getString(6), this.json.readTree(rs.getString(7)),
						Status.valueOf(rs.getString(8)), rs.getTimestamp(9).toInstant()),
				rs.getInt(10), rs.getString(11), leaseUntil), Timestamp.from(leaseUntil), Timestamp.from(now),
				Timestamp.from((floor != null) ? floor : Instant.EPOCH), since, limit, since);
	}

	/**
	 * The lowest id a claim looks at: of the last {@link #RECENT}, or none. A lower bound
	 * only: with both bounds, a cached plan, which knows no values, takes them for a
	 * narrow range and may read a day's primary key from end to end rather than its queue
	 * index (seen: 81 ms per call).
	 */
	static UUID window(boolean recent) {
		return recent ? TimeOrderedId.madeSince(RECENT) : TimeOrderedId.LOWEST;
	}

	/**
	 * When the next notification due from {@code from} on becomes due, or null when none
	 * is queued (held campaigns do not count). Asked by an idle worker to know how long
	 * it may sleep, so only what is due later matters. Both ends bound the index scan:
	 * from {@code from}, not from the dead entries of notifications claimed or sent since
	 * the last vacuum; and below {@code 'infinity'}, where held notifications wait. With
	 * {@code <> 'infinity'}, a filter, an idle queue's scan read every held entry: a
	 * paused campaign of 1,000,000 cost about a second of PostgreSQL's CPU per call, and
	 * each idle worker asks once per poll (in the bench's S3, 280 calls, 300 s). Like a
	 * claim from a floor, it looks at the notifications made in the last {@link #RECENT}
	 * only.
	 */
	public Instant nextDue(Instant from) {
		Timestamp next = this.jdbc.queryForObject(NEXT_DUE, Timestamp.class, Timestamp.from(from), "infinity",
				window(true));
		return (next != null) ? next.toInstant() : null;
	}

	/**
	 * Notifications waiting to be sent (due or scheduled), and when the oldest of them
	 * became due. Held ones (a paused campaign's, at {@code 'infinity'}) wait for a
	 * resume, not for a worker, and the index range stops before them: with
	 * {@code due_at is not null} the count read every held row, on every health check and
	 * metrics scrape (at most once a second, {@code QueueMetrics}), and health waits on
	 * it within the database budget (500,000 held: healthy 0.7-1.5 s later after a
	 * restart).
	 */
	public Depth depth() {
		return this.jdbc.queryForObject(DEPTH, (rs, row) -> new Depth(rs.getLong(1),
				(rs.getTimestamp(2) != null) ? rs.getTimestamp(2).toInstant() : null));
	}

	/**
	 * Holds the campaign's unsent notifications until {@link #release}; those already
	 * claimed finish.
	 */
	public int hold(long campaignId) {
		return this.jdbc.update("""
				update notification set due_at = 'infinity'
				where campaign_id = ? and due_at is not null and status = 'CREATED' and due_at <> 'infinity'""",
				Long.toString(campaignId));
	}

	/**
	 * Releases held notifications from {@code from} on, {@code spacing} apart.
	 * @return how many were released
	 */
	public int release(long campaignId, Instant from, Duration spacing) {
		return this.jdbc.update("""
				update notification n set due_at = ?::timestamptz + (x.k - 1) * ?::interval
				from (select id, row_number() over (order by id) as k from notification
				      where campaign_id = ? and due_at = 'infinity' and status = 'CREATED') x
				where n.id = x.id""", Timestamp.from(from), spacing.toNanos() / 1000 + " microseconds",
				Long.toString(campaignId));
	}

	/**
	 * The campaign's notifications still waiting to be sent.
	 */
	public List<UUID> unsent(long campaignId) {
		return this.jdbc.queryForList(
				"select id from notification where campaign_id = ? and due_at is not null and status = 'CREATED'",
				UUID.class, Long.toString(campaignId));
	}

	/**
	 * Takes the campaign's unsent notifications out of the queue.
	 * @return the notifications that will not be sent
	 */
	public List<UUID> drop(long campaignId) {
		return this.jdbc.queryForList("""
				update notification set due_at = null
				where campaign_id = ? and due_at is not null and status = 'CREATED' returning id""", UUID.class,
				Long.toString(campaignId));
	}

	/**
	 * Whether the campaign has notifications still to send. Asked every poll of a running
	 * campaign: it stops at the first one, where counting them read every queued row's
	 * index entry (a million for a large campaign, twice a second).
	 */
	public boolean anyPending(long campaignId) {
		return Boolean.TRUE.equals(this.jdbc.queryForObject("""
				select exists (select 1 from notification
				  where campaign_id = ? and due_at is not null and status = 'CREATED')""", Boolean.class,
				Long.toString(campaignId)));
	}

	/**
	 * A claimed notification.
	 *
	 * @param attempts send attempts so far, this one included
	 * @param followUps announced statuses still to apply, as JSON, or null
	 * @param leaseUntil the lease of the claim (the {@code due_at} it wrote), which the
	 * outcome must find to change the queue
	 */
	public record Claimed(OutboundNotification notification, int attempts, String followUps, Instant leaseUntil) {
	}

	/**
	 * The queue's depth.
	 */
	public record Depth(long count, Instant oldestDue) {
	}

}
