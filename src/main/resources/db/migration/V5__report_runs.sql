-- Emailed CSV reports, scheduled and one-off: one row per report, its state and next attempt.
-- A scheduled report's (bot, period) is unique, so every instance may try to create it and
-- exactly one row, sent once, results.
create table report_run (
    id          uuid primary key,
    bot_id      text        not null references bot (id) on delete cascade,
    kind        text        not null,            -- SCHEDULED | ONE_OFF
    period_from timestamptz not null,
    period_to   timestamptz not null,
    timezone    text        not null,            -- the zone the period's days are counted in
    recipients  jsonb       not null,
    status      text        not null,            -- PENDING | SENDING | SENT | FAILED
    attempts    integer     not null default 0,
    run_at      timestamptz,                     -- next attempt (lease end while SENDING); null when done
    row_count   bigint,
    error       text,
    created_at  timestamptz not null,
    sent_at     timestamptz
);

create unique index report_run_scheduled on report_run (bot_id, period_from, period_to) where kind = 'SCHEDULED';
create index report_run_due on report_run (run_at) where run_at is not null;
create index report_run_bot on report_run (bot_id, created_at desc);
