-- Issue 11 (1/6): the (bot, template, time) index is read only by filters on a template's
-- name (`template_name = ?`, which implies `is not null`), yet it took an entry for every
-- notification, and another for each of its non-HOT updates, free-text pushes (most SMS)
-- included: one B-tree insert of about ten per message and status batch for nothing.
drop index notification_bot_template;
create index notification_bot_template on notification (bot_id, template_name, created_at desc)
  where template_name is not null;
