-- Issue 14 point 3: the tables that grow with every message are partitioned by time, so that
-- retention drops whole partitions instead of deleting rows, and inserts touch small indexes.
--
-- All four tables are RANGE-partitioned on the notification's UUIDv7 (its first 48 bits are
-- the creation time in milliseconds), with the same bounds:
--   notification      on id
--   status_event      on notification_id
--   webhook_delivery  on id (a delivery's id keeps its notification's first 64 bits, see
--                     callback.EventStream.deliveryId)
--   webhook_attempt   on delivery_id
-- so a notification, its events, its deliveries and their attempts always fall in partitions
-- with the same name suffix (<table>_pYYYYMMDD, the partition's first UTC day), and retention
-- drops the four together. Every lookup by notification id prunes to one partition and the
-- primary keys stay (id). A DEFAULT partition per table catches ids outside every range (ids
-- that are not UUIDv7, or a maintenance that fell behind): an insert never fails for want of
-- a partition. The service creates partitions ahead (notification.PartitionMaintenance).

-- The smallest UUID of the millisecond t: the bound of a partition that starts at t.
create or replace function tidings_uuid_at(t timestamptz) returns uuid
language sql immutable parallel safe as $$
  select (lpad(to_hex(floor(extract(epoch from t) * 1000)::bigint), 12, '0') || '00000000000000000000')::uuid
$$;

-- Creates the partition of one of the four tables for [lo, hi) unless it exists (named by lo's
-- UTC day), one caller at a time across instances (transaction-level advisory lock). It is
-- created as a table and then attached, which locks the parent only in SHARE UPDATE EXCLUSIVE
-- mode (reads and writes go on) and the default partition, which is scanned, in ACCESS
-- EXCLUSIVE mode: callers create one table's partition per transaction, so that this lock is
-- never held while waiting for another table's (a reader that joins two tables would
-- deadlock with it). Returns 1 when it created the partition.
create or replace function tidings_ensure_partition(parent text, lo timestamptz, hi timestamptz) returns integer
language plpgsql as $$
declare
  child text := parent || '_p' || to_char(lo at time zone 'UTC', 'YYYYMMDD');
begin
  if parent not in ('notification', 'status_event', 'webhook_delivery', 'webhook_attempt') then
    raise exception 'not a time-partitioned table: %', parent;
  end if;
  perform pg_advisory_xact_lock(hashtext('tidings.partitions'));
  if to_regclass(child) is not null then
    return 0;
  end if;
  execute format('create table %I (like %I including defaults including generated including storage including compression)%s',
    child, parent, case when parent = 'notification' then ' with (fillfactor = 85)' else '' end);
  execute format('alter table %I attach partition %I for values from (%L) to (%L)',
    parent, child, tidings_uuid_at(lo), tidings_uuid_at(hi));
  return 1;
end $$;

-- The UTC millisecond a UUIDv7 was made at (meaningless for other UUIDs).
create or replace function tidings_uuid_time(id uuid) returns timestamptz
language sql immutable parallel safe as $$
  select to_timestamp(('x' || lpad(replace(left(id::text, 13), '-', ''), 16, '0'))::bit(64)::bigint / 1000.0)
$$;

alter table notification rename to notification_old;
alter table status_event rename to status_event_old;
alter table webhook_delivery rename to webhook_delivery_old;
alter table webhook_attempt rename to webhook_attempt_old;

create table notification (like notification_old including defaults including generated including storage including compression)
  partition by range (id);
-- seq becomes a plain column with a sequence default: identity columns on partitioned tables
-- need PostgreSQL 17, and an external server may be older
create table status_event (like status_event_old including defaults including generated including storage including compression)
  partition by range (notification_id);
create table webhook_delivery (like webhook_delivery_old including defaults including generated including storage including compression)
  partition by range (id);
create table webhook_attempt (like webhook_attempt_old including defaults including generated including storage including compression)
  partition by range (delivery_id);

create table notification_default partition of notification default with (fillfactor = 85);
create table status_event_default partition of status_event default;
create table webhook_delivery_default partition of webhook_delivery default;
create table webhook_attempt_default partition of webhook_attempt default;

-- daily partitions from the oldest notification's day (UUIDv7 ids from 2020 on) to a week ahead
do $$
declare
  first_day date;
  d date;
begin
  select min(tidings_uuid_time(id))::date into first_day from notification_old
  where substr(id::text, 15, 1) = '7' and tidings_uuid_time(id) >= '2020-01-01' and tidings_uuid_time(id) < now() + interval '8 days';
  first_day := least(coalesce(first_day, (now() at time zone 'UTC')::date), (now() at time zone 'UTC')::date);
  d := first_day;
  while d <= (now() at time zone 'UTC')::date + 7 loop
    perform tidings_ensure_partition(t, d::timestamp at time zone 'UTC', (d + 1)::timestamp at time zone 'UTC')
    from unnest(array['notification', 'status_event', 'webhook_delivery', 'webhook_attempt']) t;
    d := d + 1;
  end loop;
end $$;

insert into notification select * from notification_old;
insert into status_event (notification_id, status, occurred_at, error_code, error_message, reply, recorded_at, seq, tx, callback)
select notification_id, status, occurred_at, error_code, error_message, reply, recorded_at, seq, tx, callback from status_event_old;
insert into webhook_delivery select * from webhook_delivery_old;
insert into webhook_attempt select * from webhook_attempt_old;

create sequence status_event_seq_new;
select setval('status_event_seq_new', greatest((select last_value from status_event_seq_seq), coalesce((select max(seq) from status_event_old), 0), 1));

drop table notification_old;
drop table status_event_old;
drop table webhook_delivery_old;
drop table webhook_attempt_old;

alter sequence status_event_seq_new rename to status_event_seq_seq;
alter sequence status_event_seq_seq owned by status_event.seq;
alter table status_event alter column seq set default nextval('status_event_seq_seq');

-- the same keys and indexes as before, now on every partition
alter table notification add primary key (id);
create index notification_bot_created on notification (bot_id, created_at desc, id desc);
create index notification_bot_destination on notification (bot_id, destination, created_at desc);
create index notification_bot_internal on notification (bot_id, internal_id) where internal_id is not null;
create index notification_bot_campaign on notification (bot_id, campaign_id, created_at desc) where campaign_id is not null;
create index notification_bot_template on notification (bot_id, template_name, created_at desc);
create index notification_due on notification (due_at) where due_at is not null;
create index notification_campaign_due on notification (campaign_id, due_at) where due_at is not null and campaign_id is not null;
-- V16 and V20 add these columns with their indexes; when they ran before this migration
-- (an installation that upgrades), their indexes went with the old table
do $$
begin
  if exists (select 1 from information_schema.columns where table_name = 'notification' and column_name = 'batch_id') then
    create index notification_bot_batch on notification (bot_id, batch_id, created_at desc) where batch_id is not null;
  end if;
  if exists (select 1 from information_schema.columns where table_name = 'notification' and column_name = 'fallback_of') then
    create index notification_fallback_of on notification (fallback_of) where fallback_of is not null;
  end if;
end $$;

create index status_event_notification on status_event (notification_id, recorded_at);
create index status_event_outbox on status_event (part, tx, seq) where callback;

alter table webhook_delivery add primary key (id);
create index webhook_delivery_due on webhook_delivery (run_at) where state = 'PENDING';
create index webhook_delivery_bot on webhook_delivery (bot_id, created_at desc);
create index webhook_delivery_notification on webhook_delivery (notification_id);

create index webhook_attempt_delivery on webhook_attempt (delivery_id, attempted_at);

analyze notification;
analyze status_event;
analyze webhook_delivery;
analyze webhook_attempt;
