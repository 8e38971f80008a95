-- A part of a user's concatenated SMS is kept as the bytes of its text and their coding, and the
-- message is decoded once its parts are joined: a character split between two parts (a UCS-2
-- surrogate pair, a GSM escape) comes out whole. Parts stored before this keep their text.
alter table inbound_part alter column text drop not null;
alter table inbound_part add column body bytea;
alter table inbound_part add column coding int;

-- incomplete parts of every bot are purged on a schedule, oldest first
create index inbound_part_age on inbound_part (received_at);
