-- Room on each page for a notification's status updates (ARCHITECTURE.md, "Tables that stay
-- fast"): a status that changes no indexed column is a HOT update (no index entry, a smaller
-- WAL record) only if the new version fits on the row's page. Receipts arrive in about the
-- order the messages were sent, so the rows of one page are updated in one batch, in one
-- transaction, where none of the batch's dead versions can be pruned yet: at fillfactor 85
-- about three of a page's eighteen rows found room.
create or replace function tidings_ensure_partition(parent text, lo timestamptz, hi timestamptz) returns integer
language plpgsql as $$
declare
  child text := parent || '_p' || to_char(lo at time zone 'UTC', 'YYYYMMDD');
begin
  if parent not in ('notification', 'status_event', 'webhook_delivery', 'webhook_attempt') then
    raise exception 'not a time-partitioned table: %', parent;
  end if;
  perform pg_advisory_xact_lock(hashtext('tidings.partitions'));
  if to_regclass(child) is not null then
    return 0;
  end if;
  execute format('create table %I (like %I including defaults including generated including storage including compression)%s',
    child, parent, case when parent = 'notification' then ' with (fillfactor = 60)' else '' end);
  execute format('alter table %I attach partition %I for values from (%L) to (%L)',
    parent, child, tidings_uuid_at(lo), tidings_uuid_at(hi));
  return 1;
end $$;

-- the partitions made so far, for the rows they take from now on
do $$
declare
  p regclass;
begin
  for p in select inhrelid::regclass from pg_inherits where inhparent = 'notification'::regclass loop
    execute format('alter table %s set (fillfactor = 60)', p);
  end loop;
end $$;
