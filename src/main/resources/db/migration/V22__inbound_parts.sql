-- The parts of a user's concatenated SMS (UDH or SAR), kept until the last one arrives and the
-- message is recorded as one text (API.md §14); a part delivered twice is kept once.
create table inbound_part (
    bot_id      text        not null,
    user_id     text        not null,
    channel     text        not null,
    reference   text        not null,
    total       int         not null,
    seq         int         not null,
    text        text        not null,
    received_at timestamptz not null,
    primary key (bot_id, user_id, channel, reference, total, seq)
);

create index inbound_part_received on inbound_part (bot_id, received_at);
