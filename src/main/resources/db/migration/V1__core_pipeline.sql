-- Core pipeline: tenants, templates, notifications, the dispatch queue, status events,
-- statistics rollups and outbound webhook deliveries.

create table app_setting (
    name  text primary key,
    value text not null
);

create table bot (
    id                    text primary key,
    client_id             bigint generated always as identity unique,
    name                  text        not null,
    api_access_enabled    boolean     not null default true,
    rate_limit_per_minute integer     not null default 2000,
    webhook_format        text        not null default 'yellow',
    default_country_code  text        not null default '91',
    postback_url          text,
    webhook_secret        text        not null,
    retention_days        integer     not null default 90,
    report_recipients     jsonb       not null default '[]',
    report_schedule       jsonb,
    created_at            timestamptz not null
);

create table api_key (
    id         uuid primary key,
    bot_id     text        not null references bot (id) on delete cascade,
    name       text        not null,
    prefix     text        not null,
    key_hash   text        not null unique,
    created_at timestamptz not null,
    revoked_at timestamptz
);

create index api_key_bot on api_key (bot_id);

create table channel_setting (
    bot_id     text        not null references bot (id) on delete cascade,
    channel    text        not null,
    provider   text        not null,
    settings   jsonb       not null default '{}',
    updated_at timestamptz not null,
    primary key (bot_id, channel)
);

create table template (
    id         bigint generated always as identity primary key,
    bot_id     text        not null references bot (id) on delete cascade,
    name       text        not null,
    channel    text        not null,
    language   text        not null default 'en',
    category   text,
    header     text,
    subject    text,
    body       text        not null,
    footer     text,
    buttons    jsonb,
    status     text        not null default 'APPROVED',
    created_at timestamptz not null,
    updated_at timestamptz not null,
    unique (bot_id, channel, name)
);

-- One row per message to one recipient. The id is a UUIDv7, so it sorts by creation time.
create table notification (
    id                  uuid primary key,
    bot_id              text        not null,
    channel             text        not null,
    origin              text        not null,
    callback_format     text        not null,
    campaign_id         text,
    template_name       text,
    destination         text        not null,
    sender              text,
    content             jsonb       not null,
    request             json,
    custom_payload      json,
    postback_url        text,
    status              text        not null,
    failure_kind        text,
    error_code          integer,
    error_message       text,
    reply               text,
    internal_id         text,
    segments            integer,
    created_at          timestamptz not null,
    sent_at             timestamptz,
    delivery_channel_at timestamptz,
    delivery_user_at    timestamptz,
    read_at             timestamptz,
    replied_at          timestamptz,
    failed_at           timestamptz
);

create index notification_bot_created on notification (bot_id, created_at desc, id desc);
create index notification_bot_destination on notification (bot_id, destination, created_at desc);
create index notification_bot_internal on notification (bot_id, internal_id) where internal_id is not null;

-- Every transition, in the order it was recorded.
create table status_event (
    notification_id uuid        not null,
    status          text        not null,
    occurred_at     timestamptz not null,
    error_code      integer,
    error_message   text,
    reply           text,
    recorded_at     timestamptz not null
);

create index status_event_notification on status_event (notification_id, recorded_at);

-- The durable work queue. A job is due when run_at has passed; claiming it moves run_at
-- forward by the lease, so a worker that dies leaves a job that becomes due again.
create table dispatch_job (
    notification_id uuid primary key,
    bot_id          text        not null,
    channel         text        not null,
    phase           smallint    not null default 0, -- 0: to send, 1: waiting for announced statuses
    run_at          timestamptz not null,
    attempts        integer     not null default 0,
    follow_ups      jsonb,
    last_error      text
);

create index dispatch_job_due on dispatch_job (run_at);
create index dispatch_job_bot on dispatch_job (bot_id, phase);

-- Statistics counters per bot, created-at hour, campaign and template, kept in the same
-- transaction as every status transition so that no statistic needs COUNT(*).
create table notification_rollup (
    bot_id              text        not null,
    hour                timestamptz not null,
    campaign_id         text        not null default '',
    template_name       text        not null default '',
    accepted            bigint      not null default 0,
    sent                bigint      not null default 0,
    in_created          bigint      not null default 0,
    in_delivered_channel bigint     not null default 0,
    in_delivered_user   bigint      not null default 0,
    in_read             bigint      not null default 0,
    in_reply            bigint      not null default 0,
    in_failed           bigint      not null default 0,
    failed_invalid      bigint      not null default 0,
    failed_absent       bigint      not null default 0,
    queue_ms_sum        bigint      not null default 0,
    queue_count         bigint      not null default 0,
    delivery_ms_sum     bigint      not null default 0,
    delivery_count      bigint      not null default 0,
    primary key (bot_id, hour, campaign_id, template_name)
);

create table idempotency_key (
    bot_id          text        not null,
    key             text        not null,
    request_hash    text        not null,
    notification_id uuid        not null,
    created_at      timestamptz not null,
    primary key (bot_id, key)
);

create index idempotency_key_created on idempotency_key (created_at);

-- Outbound client webhooks: one row per status callback, its current state and next attempt.
create table webhook_delivery (
    id               uuid primary key,
    bot_id           text        not null,
    notification_id  uuid,
    url              text        not null,
    event            text        not null,
    payload          text        not null,
    state            text        not null,
    attempts         integer     not null default 0,
    run_at           timestamptz not null,
    last_status_code integer,
    last_error       text,
    created_at       timestamptz not null,
    delivered_at     timestamptz
);

create index webhook_delivery_due on webhook_delivery (run_at) where state = 'PENDING';
create index webhook_delivery_bot on webhook_delivery (bot_id, created_at desc);

create table webhook_attempt (
    delivery_id  uuid        not null,
    attempted_at timestamptz not null,
    status_code  integer,
    error        text,
    duration_ms  integer     not null
);

create index webhook_attempt_delivery on webhook_attempt (delivery_id, attempted_at);
