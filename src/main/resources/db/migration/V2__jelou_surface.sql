-- Jelou surface: filtered notification lists, the 24-hour conversation window, inbound messages.

create index notification_bot_campaign on notification (bot_id, campaign_id, created_at desc) where campaign_id is not null;
create index notification_bot_template on notification (bot_id, template_name, created_at desc);

-- When each user last wrote to each bot: the 24-hour window for free-form (session) messages.
create table conversation (
    bot_id          text        not null,
    user_id         text        not null,
    last_inbound_at timestamptz not null,
    primary key (bot_id, user_id)
);

create table inbound_message (
    id                      uuid primary key,
    bot_id                  text        not null,
    user_id                 text        not null,
    channel                 text        not null,
    text                    text,
    provider_message_id     text,
    context_id              text,
    replied_notification_id uuid,
    received_at             timestamptz not null
);

create index inbound_message_bot_user on inbound_message (bot_id, user_id, received_at desc);
