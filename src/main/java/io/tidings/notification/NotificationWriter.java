package io.tidings.notification;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.tidings.common.Status;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores a batch of accepted notifications in one transaction: idempotency keys, the rows
 * (each queued for sending by its {@code due_at}), their CREATED events where the bot has
 * it called back (the callback stream's outbox; the timeline reads the others from
 * {@code created_at}) and rollups.
 */
@Component
class NotificationWriter {

	// the notifications, their CREATED events and the rollups in one statement of one
	// shape whatever the number of rows (rewritten multi-row INSERT batches were three to
	// nine statements per group commit, of as many shapes, each prepared apart)
	private static final String INSERT = """
			with n as (
			  insert into notification (id, bot_id, channel, origin, callback_format, campaign_id, template_name,
			    destination, sender, content, request, custom_payload, postback_url, status, created_at, due_at,
			    batch_id, attempts)
			  select id, bot_id, channel, origin, callback_format, campaign_id, template_name, destination, sender,
			    content::jsonb, request::json, custom_payload::json, postback_url, 'CREATED', created_at, due_at,
			    batch_id, attempts
			  from unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
			    ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::text[],
			    ?::int4[], ?::bool[])
			    as u(id, bot_id, channel, origin, callback_format, campaign_id, template_name, destination, sender,
			      content, request, custom_payload, postback_url, created_at, due_at, batch_id, attempts, callback)
			)
			, e as (
			  insert into status_event (notification_id, status, occurred_at, recorded_at, callback)
			  select u.id, 'CREATED', u.created_at, u.created_at, u.callback
			  from unnest(?::uuid[], ?::timestamptz[], ?::bool[]) as u(id, created_at, callback)
			  where u.callback
			)
			""" + Rollups.UPSERT_ARRAYS;

	private static final String[] INSERT_TYPES = { "uuid", "text", "text", "text", "text", "text", "text", "text",
			"text", "text", "text", "text", "text", "timestamptz", "timestamptz", "text", "int4", "bool" };

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final Handoff handoff;

	private final DeferredContent deferred;

	private final JsonMapper json;

	private final CutOffCommits cutOff;

	private final CallbackChoice callbacks;

	NotificationWriter(JdbcTemplate jdbc, TransactionTemplate transactions, ApplicationEventPublisher events,
			Handoff handoff, DeferredContent deferred, JsonMapper json, CutOffCommits cutOff,
			CallbackChoice callbacks) {
		this.cutOff = cutOff;
		this.callbacks = callbacks;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.events = events;
		this.handoff = handoff;
		this.deferred = deferred;
		this.json = json;
	}

	/**
	 * Writes the drafts; each gets the id it was stored (or first stored) under, or the
	 * rejection for a reused idempotency key with another body. Drafts that may be sent
	 * at once are stored born claimed and handed to this instance's dispatch workers
	 * after the commit ({@link Handoff}).
	 */
	Map<NotificationDraft, Object> write(List<NotificationDraft> drafts) {
		// inside a caller's transaction (a fallback written with a dispatch outcome) the
		// rows are not committed when this returns: they are queued in the table
		Handoff.Reservation reservation = TransactionSynchronizationManager.isActualTransactionActive()
				? Handoff.Reservation.NONE
				: this.handoff.reserve((int) drafts.stream().filter(NotificationWriter::sendsAtOnce).count());
		List<NotificationDraft> born = new ArrayList<>();
		Map<NotificationDraft, Object> written;
		this.cutOff.forget();
		try {
			written = this.transactions.execute((status) -> {
				this.cutOff.noteBackend();
				born.clear();
				Map<NotificationDraft, Object> outcomes = new HashMap<>();
				List<NotificationDraft> fresh = resolveIdempotency(drafts, outcomes);
				insert(fresh, reservation, born);
				fresh.forEach((draft) -> outcomes.put(draft, new AcceptResult(draft.id(), false)));
				return outcomes;
			});
		}
		catch (RuntimeException ex) {
			this.handoff.cancel(reservation);
			throw ex;
		}
		this.handoff.handOver(reservation, claimed(born, reservation));
		return written;
	}

	private static boolean sendsAtOnce(NotificationDraft draft) {
		// bulk sends may be failed in the accept's own transaction (opted-out recipients,
		// OptOutEnforcement): they are queued in the table, where the claim sees that
		return draft.campaignId() == null && !draft.dueAt().isAfter(draft.createdAt())
				&& !OptOutEnforcement.failsAtOnce(draft.origin());
	}

	private List<SendQueue.Claimed> claimed(List<NotificationDraft> born, Handoff.Reservation reservation) {
		List<SendQueue.Claimed> claimed = new ArrayList<>(born.size());
		List<SendQueue.Claimed> unreadable = new ArrayList<>();
		for (NotificationDraft d : born) {
			try {
				// the content as the acceptor made it; read back from its JSON only when
				// the draft came without it
				OutboundNotification outbound = (d.content() != null)
						? new OutboundNotification(d.id(), d.botId(), d.channel(), d.destination(), d.sender(),
								d.templateName(), d.content(), Status.CREATED, d.createdAt(), null)
						: this.deferred.outbound(d.id(), d.botId(), d.channel(), d.destination(), d.sender(),
								d.templateName(), this.json.readTree(d.contentJson()), Status.CREATED, d.createdAt());
				claimed.add(new SendQueue.Claimed(outbound, 1, null, reservation.leaseUntil()));
			}
			catch (RuntimeException ex) {
				// a worker's claim reads it from the table instead
				unreadable.add(new SendQueue.Claimed(
						new OutboundNotification(d.id(), d.botId(), d.channel(), d.destination(), d.sender(),
								d.templateName(), null, Status.CREATED, d.createdAt(), null),
						1, null, reservation.leaseUntil()));
			}
		}
		this.handoff.requeue(unreadable);
		return claimed;
	}

	private void insert(List<NotificationDraft> drafts, Handoff.Reservation reservation, List<NotificationDraft> born) {
		if (drafts.isEmpty()) {
			return;
		}
		List<Object[]> rows = new ArrayList<>(drafts.size());
		Rollups rollups = new Rollups();
		List<StatusChange> changes = new ArrayList<>(drafts.size());
		int outboxParts = 0;
		for (NotificationDraft d : drafts) {
			Instant createdAt = d.createdAt();
			boolean claimed = born.size() < reservation.count() && sendsAtOnce(d);
			if (claimed) {
				born.add(d);
			}
			boolean callback = this.callbacks.wanted(d.botId(), d.postbackUrl(), Status.CREATED);
			rows.add(new Object[] { d.id(), d.botId(), d.channel().wire(), d.origin().name(), d.callbackFormat().wire(),
					d.campaignId(), d.templateName(), d.destination(), d.sender(), d.contentJson(), d.requestJson(),
					d.customPayload(), d.postbackUrl(), createdAt, claimed ? reservation.leaseUntil() : d.dueAt(),
					d.batchId(), claimed ? 1 : 0, callback });
			if (callback) {
				outboxParts |= 1 << StatusesChanged.outboxPart(d.id());
			}
			Tracked n = tracked(d);
			rollups.accepted(n);
			changes.add(n.change(d.createdAt()));
		}
		this.jdbc.update((connection) -> {
			PreparedStatement ps = connection.prepareStatement(INSERT);
			ColumnArrays.bind(ps, 1, rows, INSERT_TYPES);
			// the events: id, created_at and callback again
			int[] event = { 0, 13, 17 };
			for (int k = 0; k < event.length; k++) {
				ColumnArrays.bindColumn(ps, INSERT_TYPES.length + k + 1, rows, event[k]);
			}
			rollups.bind(ps, INSERT_TYPES.length + event.length + 1);
			return ps;
		});
		this.events.publishEvent(new NotificationsAccepted(born.size() < drafts.size()));
		this.events.publishEvent(new StatusesChanged(changes, outboxParts));
	}

	private List<NotificationDraft> resolveIdempotency(List<NotificationDraft> drafts,
			Map<NotificationDraft, Object> outcomes) {
		List<NotificationDraft> keyed = new ArrayList<>();
		List<NotificationDraft> fresh = new ArrayList<>();
		Map<NotificationDraft, NotificationDraft> repeats = new HashMap<>();
		Map<String, NotificationDraft> firstByKey = new HashMap<>();
		for (NotificationDraft draft : drafts) {
			if (draft.idempotencyKey() == null) {
				fresh.add(draft);
				continue;
			}
			NotificationDraft first = firstByKey.putIfAbsent(draft.botId() + "\n" + draft.idempotencyKey(), draft);
			if (first == null) {
				keyed.add(draft);
			}
			else {
				repeats.put(draft, first);
			}
		}
		if (keyed.isEmpty()) {
			return fresh;
		}
		Set<String> busy = IdempotencyLocks.lockOrBusy(this.jdbc, keyed);
		for (NotificationDraft draft : keyed) {
			if (busy.contains(IdempotencyLocks.name(draft))) {
				outcomes.put(draft, new SendRejectedException(SendRejectedException.Reason.IDEMPOTENCY_IN_PROGRESS,
						draft.idempotencyKey()));
			}
		}
		keyed.removeIf((draft) -> busy.contains(IdempotencyLocks.name(draft)));
		Set<String> claimed = keyed.isEmpty() ? Set.of() : claimKeys(keyed);
		for (NotificationDraft draft : keyed) {
			if (claimed.contains(draft.botId() + "\n" + draft.idempotencyKey())) {
				fresh.add(draft);
				outcomes.put(draft, new AcceptResult(draft.id(), false));
			}
			else {
				this.jdbc.query(
						"select request_hash, notification_id from idempotency_key where bot_id = ? and key = ?",
						(rs) -> {
							outcomes.put(draft, replay(rs.getString(1), rs.getObject(2, UUID.class), draft));
						}, draft.botId(), draft.idempotencyKey());
			}
		}
		// a repeat within the batch gets its first's answer when the bodies match
		repeats.forEach((repeat, first) -> outcomes.put(repeat,
				busy.contains(IdempotencyLocks.name(first)) ? outcomes.get(first)
						: (outcomes.get(first) instanceof AcceptResult result)
								? replay(first.requestHash(), result.id(), repeat) : new SendRejectedException(
										SendRejectedException.Reason.IDEMPOTENCY_MISMATCH, repeat.idempotencyKey())));
		return fresh;
	}

	private Set<String> claimKeys(List<NotificationDraft> keyed) {
		Set<String> claimed = new HashSet<>();
		this.jdbc.query("""
				insert into idempotency_key as k (bot_id, key, request_hash, notification_id, created_at)
				select * from unnest(?::text[], ?::text[], ?::text[], ?::uuid[], ?::timestamptz[])
				on conflict (bot_id, key) do update set request_hash = excluded.request_hash,
				  notification_id = excluded.notification_id, created_at = excluded.created_at
				where k.created_at < excluded.created_at - interval '24 hours'
				returning bot_id, key""", (ps) -> {
			Array bots = ps.getConnection()
				.createArrayOf("text", keyed.stream().map(NotificationDraft::botId).toArray());
			Array keys = ps.getConnection()
				.createArrayOf("text", keyed.stream().map(NotificationDraft::idempotencyKey).toArray());
			Array hashes = ps.getConnection()
				.createArrayOf("text", keyed.stream().map(NotificationDraft::requestHash).toArray());
			Array ids = ps.getConnection().createArrayOf("uuid", keyed.stream().map(NotificationDraft::id).toArray());
			Array times = ps.getConnection()
				.createArrayOf("timestamptz", keyed.stream().map((d) -> Timestamp.from(d.createdAt())).toArray());
			ps.setArray(1, bots);
			ps.setArray(2, keys);
			ps.setArray(3, hashes);
			ps.setArray(4, ids);
			ps.setArray(5, times);
		}, (rs) -> {
			claimed.add(rs.getString(1) + "\n" + rs.getString(2));
		});
		return claimed;
	}

	private static Object replay(String firstHash, UUID firstId, NotificationDraft draft) {
		if (firstHash.equals(draft.requestHash())) {
			return new AcceptResult(firstId, true);
		}
		return new SendRejectedException(SendRejectedException.Reason.IDEMPOTENCY_MISMATCH, draft.idempotencyKey());
	}

	private static Tracked tracked(NotificationDraft d) {
		Tracked n = new Tracked();
		n.id = d.id();
		n.botId = d.botId();
		n.channel = d.channel();
		n.origin = d.origin();
		n.callbackFormat = d.callbackFormat();
		n.campaignId = d.campaignId();
		n.templateName = d.templateName();
		n.destination = d.destination();
		n.customPayload = d.customPayload();
		n.postbackUrl = d.postbackUrl();
		n.status = Status.CREATED;
		n.createdAt = d.createdAt();
		return n;
	}

}
