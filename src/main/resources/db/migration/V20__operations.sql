-- WhatsApp and SMS as businesses run them (API.md §14): where templates come from, the
-- SMS fallback link, per-bot messaging settings and suppression lists.

-- 'manual' (typed in) or 'meta' (synced from the WhatsApp Business Account)
alter table template add column source text not null default 'manual';
alter table template add column synced_at timestamptz;
alter table template add column external_id text;

-- a fallback notification names the one it stands in for
alter table notification add column fallback_of uuid;
create index notification_fallback_of on notification (fallback_of) where fallback_of is not null;

-- settings of the messaging features, one row per bot that changed a default
create table bot_messaging (
    bot_id          text primary key references bot (id) on delete cascade,
    whatsapp_to_sms boolean not null default false,
    stop_words      jsonb
);

-- who must not be messaged, per bot and channel (phone digits or an email address, lower case)
create table suppression (
    bot_id     text        not null references bot (id) on delete cascade,
    channel    text        not null,
    recipient  text        not null,
    reason     text        not null,
    created_at timestamptz not null,
    primary key (bot_id, channel, recipient)
);
