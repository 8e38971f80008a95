-- Squad SMS v1 (API.md §12): every Messages-surface send answers a batch_id that
-- GET /service/message/by-params?batch_id= finds (the campaign id, or an id of its own for
-- a send that is not a campaign); its buckets carry a description.
alter table notification add column batch_id text;
create index notification_bot_batch on notification (bot_id, batch_id, created_at desc) where batch_id is not null;

alter table bucket add column description text;
