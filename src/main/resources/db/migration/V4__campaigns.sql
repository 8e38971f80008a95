-- Campaigns: a template sent to a bucket, fanned out in set-based batches.

-- UUIDv7 in SQL, for rows created by INSERT … SELECT (PostgreSQL 18 has uuidv7(); this works
-- on older servers too).
create or replace function tidings_uuid_v7() returns uuid as $$
  select encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing
    substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3) from 1 for 6),
    52, 1), 53, 1), 'hex')::uuid
$$ language sql volatile;

create table campaign (
    id               bigint generated always as identity primary key,
    bot_id           text        not null references bot (id) on delete cascade,
    name             text        not null,
    channel          text        not null,
    origin           text        not null default 'CAMPAIGN',
    template_id      bigint,
    template_name    text,
    body             text,
    bucket_id        bigint,
    sender           text,
    status           text        not null,
    scheduled_at     timestamptz,
    rate_per_second  integer,
    total            bigint      not null default 0,
    queued           bigint      not null default 0,
    fanout_cursor    bigint      not null default 0,
    fanout_done      boolean     not null default false,
    next_pace_at     timestamptz,
    created_by       text,
    created_at       timestamptz not null,
    started_at       timestamptz,
    finished_at      timestamptz
);

create index campaign_bot on campaign (bot_id, id desc);
create index campaign_bot_name on campaign (bot_id, name);
create index campaign_active on campaign (id) where status in ('SCHEDULED', 'RUNNING');

alter table dispatch_job add column campaign_id bigint;
create index dispatch_job_campaign on dispatch_job (campaign_id, phase) where campaign_id is not null;
