-- Jelou status webhook subscriptions (API.md §12): each URL gets the Jelou-format callback of
-- the statuses in its events, for every notification of the bot, besides any §4 postback.
create table webhook_subscription (
    bot_id   text     not null references bot (id) on delete cascade,
    position smallint not null,
    url      text     not null,
    events   jsonb    not null,
    primary key (bot_id, position)
);
