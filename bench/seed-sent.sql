-- Seeds :count WhatsApp notifications for bot :'bot' that a provider has accepted
-- (DELIVERED_CHANNEL, provider message id wamid.bench<n> for n in 1..:count), the targets
-- of the signed status webhooks bench/WebhookBodies.java writes, and rebuilds that bot's
-- rollups from them as the pipeline keeps them. Usage:
--   psql "$URL" -v bot=meta -v count=300000 -f bench/seed-sent.sql
\set ON_ERROR_STOP on
begin;
insert into notification (id, bot_id, channel, origin, callback_format, template_name, destination, content, request,
  status, internal_id, created_at, sent_at, delivery_channel_at)
select tidings_uuid_v7(), :'bot', 'whatsapp', 'API', 'yellow', 'bench_welcome', '9198' || (10000000 + g % 90000000),
  '{"kind":"template","text":"Hello Asha, your order is on its way."}'::jsonb,
  '{"userDetails":{"number":"919876543215"}}'::json, 'DELIVERED_CHANNEL', 'wamid.bench' || g,
  now() - interval '1 minute', now() - interval '59 seconds', now() - interval '59 seconds'
from generate_series(1, :count) g;
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
