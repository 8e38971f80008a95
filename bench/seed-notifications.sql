-- Seeds :count notifications for bot :'bot' spread over the 30 days before now, with a
-- realistic status mix, and rebuilds that bot's rollups from them exactly as the pipeline
-- would have kept them. Usage:
--   psql "$URL" -v bot=demo -v count=1000000 -f bench/seed-notifications.sql
\set ON_ERROR_STOP on
-- since V11 the table is partitioned by day on the UUIDv7 id: the days seeded get their
-- partitions first (the service creates only today's and the days ahead; one table's per
-- transaction, as the service does), and each row an id of its creation time, so it lands
-- in its day as a row the service wrote would
select format('select tidings_ensure_partition(%L, %L, %L)', t, d, d + interval '1 day')
from generate_series(date_trunc('day', now() at time zone 'UTC') - interval '31 days',
                     date_trunc('day', now() at time zone 'UTC'), interval '1 day') g(d_utc)
cross join lateral (select g.d_utc at time zone 'UTC' as d) x
cross join unnest(array['notification', 'status_event', 'webhook_delivery', 'webhook_attempt']) t
where to_regproc('tidings_ensure_partition') is not null \gexec
begin;
insert into notification (id, bot_id, channel, origin, callback_format, template_name, destination, content, request,
  status, failure_kind, error_code, error_message, internal_id, created_at, sent_at, delivery_channel_at,
  delivery_user_at, read_at, replied_at, failed_at)
select encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing
    substring(int8send(floor(extract(epoch from t.created) * 1000)::bigint) from 3) from 1 for 6), 52, 1), 53, 1), 'hex')::uuid,
  :'bot', 'whatsapp', 'API', 'yellow', 'tmpl_' || (g % 5), '91987' || lpad((g % 100000)::text, 7, '0'),
  '{"kind":"template"}'::jsonb, '{"userDetails":{"number":"919876543215"}}'::json,
  s.status, case when s.status = 'FAILED' then 'ABSENT' end, case when s.status = 'FAILED' then 14272 end,
  case when s.status = 'FAILED' then 'Number Does Not Exists On WhatsApp' end, 'sim-' || g,
  t.created, t.created + interval '1 second', case when s.status <> 'FAILED' then t.created + interval '1 second' end,
  case when s.status in ('DELIVERED_USER', 'READ', 'REPLY') then t.created + interval '5 seconds' end,
  case when s.status in ('READ', 'REPLY') then t.created + interval '30 seconds' end,
  case when s.status = 'REPLY' then t.created + interval '60 seconds' end,
  case when s.status = 'FAILED' then t.created + interval '1 second' end
from generate_series(1, :count) g
cross join lateral (select now() - (g::double precision / :count) * interval '30 days' as created) t
cross join lateral (select (array['FAILED','DELIVERED_CHANNEL','DELIVERED_USER','READ','READ','READ','REPLY','DELIVERED_USER'])[1 + g % 8] as status) s;
delete from notification_rollup where bot_id = :'bot';
insert into notification_rollup (bot_id, hour, campaign_id, template_name, accepted, sent, in_created,
  in_delivered_channel, in_delivered_user, in_read, in_reply, in_failed, failed_invalid, failed_absent,
  queue_ms_sum, queue_count, delivery_ms_sum, delivery_count)
select bot_id, date_trunc('hour', created_at), coalesce(campaign_id, ''), coalesce(template_name, ''), count(*),
  count(sent_at), count(*) filter (where status = 'CREATED'), count(*) filter (where status = 'DELIVERED_CHANNEL'),
  count(*) filter (where status = 'DELIVERED_USER'), count(*) filter (where status = 'READ'),
  count(*) filter (where status = 'REPLY'), count(*) filter (where status = 'FAILED'),
  count(*) filter (where failure_kind = 'INVALID'), count(*) filter (where failure_kind = 'ABSENT'),
  coalesce(sum(extract(epoch from sent_at - created_at) * 1000)::bigint, 0), count(sent_at),
  coalesce(sum(extract(epoch from delivery_user_at - sent_at) * 1000)::bigint, 0), count(delivery_user_at)
from notification where bot_id = :'bot' group by 1, 2, 3, 4;
commit;
analyze notification;
analyze notification_rollup;
