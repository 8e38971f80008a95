-- The callback stream reads the event log's day partitions of the last week only (a read over
-- all of them probed a hundred outbox indexes with the default 90 days kept). An event to call
-- back for a notification outside that window (a late status of an old notification) leaves a
-- row here, in its own transaction: a partition's reader that finds one at or after its cursor
-- reads every day until its cursor has passed it (EventStream, notification.OutboxWindow).
-- Insert-only (no row any writer waits on); rows the cursor has passed are deleted.
create table callback_late (
    part smallint not null,
    tx   xid8     not null default pg_current_xact_id()
);
create index callback_late_part_tx on callback_late (part, tx);
