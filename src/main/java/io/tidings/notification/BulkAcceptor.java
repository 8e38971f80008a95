package io.tidings.notification;

import java.sql.Array;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.tidings.common.Channel;
import io.tidings.common.Origin;
import io.tidings.common.Status;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns a batch of a bucket's contacts into notifications inside the database: one
 * {@code INSERT … SELECT} creates the notifications, their dispatch jobs (paced by the
 * campaign's rate) and CREATED events, so a batch of ten thousand recipients is one round
 * trip. Each contact's template is rendered when it is sent.
 */
@Service
public class BulkAcceptor {

	// each notification is queued by its due_at, spaced out at the campaign's rate
	private static final String FAN_OUT = """
			with batch as (
			  select c.id as contact_id, c.number, c.email, c.attributes,
			    row_number() over (order by c.id) - 1 as n
			  from contact c
			  where c.bucket_id = ? and c.id > ? order by c.id limit ?
			), ins as (
			  insert into notification (id, bot_id, channel, origin, callback_format, campaign_id, template_name,
			    destination, sender, content, status, created_at, due_at, batch_id)
			  select tidings_uuid_v7(), ?, ?, ?, ?, ?, ?, d.destination, ?,
			    jsonb_build_object('kind', ?::text, 'deferred', true, 'templateId', ?::bigint, 'text', ?::text,
			      'params', b.attributes || jsonb_strip_nulls(jsonb_build_object('number', b.number, 'email', b.email))),
			    'CREATED', ?, ?::timestamptz + b.n * ?::interval, ?
			  from batch b cross join lateral (select case when ? = 'email' then b.email else b.number end as destination) d
			  where d.destination is not null
			  order by b.contact_id
			  returning id, due_at
			), events as (
			  insert into status_event (notification_id, status, occurred_at, recorded_at, callback)
			  select id, 'CREATED', ?, ?, true from ins where ?
			)
			select (select count(*) from batch), (select count(*) from ins), (select coalesce(max(contact_id), ?) from batch),
			  (select array_agg(id) from (select id from ins order by due_at, id limit 1000) f)""";

	private final JdbcTemplate jdbc;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final OptOutEnforcement optOuts;

	private final CallbackChoice callbacks;

	BulkAcceptor(JdbcTemplate jdbc, ApplicationEventPublisher events, Clock clock, OptOutEnforcement optOuts,
			CallbackChoice callbacks) {
		this.callbacks = callbacks;
		this.optOuts = optOuts;
		this.jdbc = jdbc;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Creates the batch's notifications in the caller's transaction.
	 */
	@Transactional
	public FanOutResult fanOut(FanOut f) {
		Instant now = this.clock.instant();
		Timestamp createdAt = Timestamp.from(now);
		String campaign = (f.origin() == Origin.CAMPAIGN) ? Long.toString(f.campaignId()) : null;
		String spacing = f.spacing().toNanos() / 1000 + " microseconds";
		FanOutResult result = this.jdbc.queryForObject(FAN_OUT, (rs, row) -> {
			Array ids = rs.getArray(4);
			List<UUID> first = new ArrayList<>();
			if (ids != null) {
				for (Object id : (Object[]) ids.getArray()) {
					first.add((UUID) id);
				}
			}
			return new FanOutResult(rs.getInt(1), rs.getInt(2), rs.getLong(3), first);
		}, f.bucketId(), f.afterContactId(), f.limit(), f.botId(), f.channel().wire(), f.origin().name(),
				f.callbackFormat().wire(), campaign, f.templateName(), f.sender(),
				(f.templateId() != null) ? "template" : "text", f.templateId(), f.text(), createdAt,
				Timestamp.from(f.firstRunAt()), spacing, Long.toString(f.campaignId()), f.channel().wire(), createdAt,
				createdAt, this.callbacks.wanted(f.botId(), null, Status.CREATED), f.afterContactId());
		if (result.created() > 0) {
			this.jdbc.update("""
					insert into notification_rollup as r (bot_id, hour, campaign_id, template_name, stripe, accepted,
					  in_created)
					values (?, ?, ?, ?, ?, ?, ?)
					on conflict (bot_id, hour, campaign_id, template_name, stripe) do update
					  set accepted = r.accepted + excluded.accepted, in_created = r.in_created + excluded.in_created""",
					f.botId(), Timestamp.from(now.truncatedTo(ChronoUnit.HOURS)), (campaign != null) ? campaign : "",
					(f.templateName() != null) ? f.templateName() : "", Rollups.randomStripe(), result.created(),
					result.created());
			this.events.publishEvent(new BulkAccepted(f.botId(), f.channel(), result.created()));
			this.optOuts.failBatch(f.botId(), f.channel(), campaign, now);
		}
		return result;
	}

	/**
	 * Published inside the transaction that created a batch, so that workers wake after
	 * it.
	 */
	public record BulkAccepted(String botId, Channel channel, int count) {
	}

}
