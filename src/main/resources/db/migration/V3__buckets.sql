-- Buckets: recipient lists, imported by COPY through a staging table.

create table bucket (
    id            bigint generated always as identity primary key,
    bot_id        text        not null references bot (id) on delete cascade,
    name          text        not null,
    contact_count bigint      not null default 0,
    created_at    timestamptz not null
);

create index bucket_bot on bucket (bot_id, id);

-- contact_key is the normalised number (or the email for email-only contacts): one per bucket.
create table contact (
    id          bigint generated always as identity primary key,
    bucket_id   bigint not null references bucket (id) on delete cascade,
    contact_key text   not null,
    number      text,
    email       text,
    attributes  jsonb  not null default '{}',
    unique (bucket_id, contact_key)
);

create index contact_bucket_id on contact (bucket_id, id);
