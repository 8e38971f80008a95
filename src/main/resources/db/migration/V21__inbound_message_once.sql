-- Meta redelivers a webhook it did not see answered in time (same messages[].id): a user's
-- message is stored, answered and called back once per provider id (API.md §8). Copies
-- stored before this index are dropped, the first one kept.
delete from inbound_message later
 using inbound_message first
 where later.provider_message_id is not null
   and later.bot_id = first.bot_id
   and later.channel = first.channel
   and later.provider_message_id = first.provider_message_id
   and later.id > first.id;

create unique index inbound_message_provider_id on inbound_message (bot_id, channel, provider_message_id)
    where provider_message_id is not null;
