-- Issue 1/6: fewer rows written per message.
--
-- 1. The notification row is the send queue: due_at says when a worker should next look at it
--    (send, retry, or apply a provider's announced follow-up statuses); null means nothing is
--    due. The separate dispatch_job row (insert, claim, update, delete) is gone.
alter table notification
    add column due_at     timestamptz,
    add column attempts   integer not null default 0,
    add column follow_ups jsonb,
    add column last_error text;

-- room on each page for the status updates to stay heap-only (no index writes)
alter table notification set (fillfactor = 85);

update notification n
set due_at = j.run_at, attempts = j.attempts, follow_ups = j.follow_ups, last_error = j.last_error
from dispatch_job j
where j.notification_id = n.id;

create index notification_due on notification (due_at) where due_at is not null;
create index notification_campaign_due on notification (campaign_id, due_at)
    where due_at is not null and campaign_id is not null;

drop table dispatch_job;

-- 2. The event log is the callback outbox. Callback senders read it in commit order with one
--    cursor per partition (events of one notification always fall in the same partition, so
--    its callbacks keep their order). An event becomes readable once no transaction older
--    than the one that wrote it is still running (tx < the snapshot's xmin), so a cursor never
--    skips an event that commits late. Only failed callbacks get a webhook_delivery row.
alter table status_event
    add column seq      bigint generated always as identity,
    add column tx       xid8     not null default pg_current_xact_id(),
    add column callback boolean  not null default false,
    add column part     smallint not null generated always as ((get_byte(uuid_send(notification_id), 15) % 8)) stored;

create index status_event_outbox on status_event (part, tx, seq) where callback;

create table callback_cursor (
    part        smallint primary key,
    tx          xid8        not null,
    seq         bigint      not null,
    owner       text,
    lease_until timestamptz
);

insert into callback_cursor (part, tx, seq)
select p, pg_current_xact_id(), coalesce((select max(seq) from status_event), 0)
from generate_series(0, 7) p;

alter table webhook_delivery add column event_seq bigint;
create index webhook_delivery_notification on webhook_delivery (notification_id);

-- 3. Statistics counters are striped: concurrent batches add to different rows of the same
--    bot, hour and template instead of queueing on one; every read sums them.
alter table notification_rollup add column stripe smallint not null default 0;
alter table notification_rollup drop constraint notification_rollup_pkey;
alter table notification_rollup add primary key (bot_id, hour, campaign_id, template_name, stripe);

-- 4. Which status changes a bot's clients want called back (API.md §9); null means all.
alter table bot add column callback_events jsonb;
