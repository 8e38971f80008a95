#!/usr/bin/env bash
# scale.sh: do the tables stay fast as they grow (issue 14, point 3)? Insert and query speed with
# SCALE_SMALL notifications in the database (default 1,000,000) and again with SCALE_LARGE (default
# 50,000,000), on one service and one embedded PostgreSQL (fsync on), spread over the last 30 days
# (30 daily partitions), one bot. At each size, after a warm-up:
#   insert  push API (§4, bench/push.lua) accepted/s at concurrency SCALE_CONNECTIONS, the dispatcher
#           sending meanwhile (as S1), then drained
#   list    §5 list + stats pages (bench/queries.lua, S5's paths), concurrency SCALE_QUERY_CONNECTIONS (4): p95
#   lookup  GET one notification by id (200 ids sampled over the 30 days): p95
# and prints the change from the small to the large size (goal: at most 20% worse).
# Usage: bench/scale.sh [SMALL LARGE]   (JAR= another jar; SCALE_SECONDS per measurement, default 20;
#        SCALE_WARMUP_SECONDS before each size's push and query measurements, default 30: the first
#        size must not be measured on a JVM still compiling; BENCH_JAVA_OPTS, e.g. an AOT cache;
#        SCALE_BULK=0 seeds the large size through every index (see bulk_begin); BENCH_KEEP=1 keeps the
#        data directory). Needs wrk, psql, curl, jq; the 50M size about 40 GiB free under $TMPDIR and
#        about 40 minutes on 2 cores (most of it seeding). Nothing may rebuild $JAR during a run.
set -euo pipefail
SMALL=${1:-${SCALE_SMALL:-1000000}}
LARGE=${2:-${SCALE_LARGE:-50000000}}
SECS=${SCALE_SECONDS:-20}
WARM=${SCALE_WARMUP_SECONDS:-30}
C=${SCALE_CONNECTIONS:-32}
QC=${SCALE_QUERY_CONNECTIONS:-4}
CHUNK=${SCALE_CHUNK:-1000000}
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAR=${JAR:-$HERE/../target/tidings.jar}
JAVA=${JAVA_HOME:?set JAVA_HOME to a JDK >= 21}/bin/java
PORT=${SCALE_PORT:-18631}; PGPORT=${SCALE_PGPORT:-25631}
BASE=http://127.0.0.1:$PORT
PG="postgresql://postgres@127.0.0.1:$PGPORT/postgres"
ADMIN=ta_scale_0123456789abcdefghijklmnopqrstuvwxyz
DATA=$(mktemp -d "${TMPDIR:-/tmp}/scale.XXXX")
OUT=${SCALE_OUT:-$DATA/out}; mkdir -p "$OUT"
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
[[ -f $JAR ]] || { echo "$JAR is missing (./mvnw -DskipTests package)" >&2; exit 1; }

TIDINGS_DATA_DIR=$DATA/db TIDINGS_ADMIN_KEY=$ADMIN TIDINGS_DATABASE_PORT=$PGPORT SERVER_PORT=$PORT \
  TIDINGS_SIMULATOR_STEP_DELAY=0ms "$JAVA" ${BENCH_JAVA_OPTS:-} -jar "$JAR" >"$OUT/service.log" 2>&1 &
SVC=$!
cleanup() {
  kill "$SVC" 2>/dev/null || true
  wait "$SVC" 2>/dev/null || true
  [[ ${BENCH_KEEP:-0} == 1 ]] && echo "kept $DATA" >&2 || rm -rf "$DATA"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
until curl -sf "$BASE/actuator/health" | grep -q UP; do
  kill -0 "$SVC" 2>/dev/null || { tail -30 "$OUT/service.log" >&2; exit 1; }
  sleep 0.2
done
sql() { psql "$PG" -qtAX -v ON_ERROR_STOP=1 "$@"; }
api() { curl -sf -X "$1" "$BASE$2" -H "x-api-key: $ADMIN" -H 'Content-Type: application/json' ${3:+-d "$3"}; }
api POST /v1/bots '{"botId":"scale","rateLimitPerMinute":10000000}' >/dev/null
api PUT /v1/bots/scale/channels/whatsapp '{"provider":"simulator"}' >/dev/null
api POST /v1/bots/scale/templates '{"name":"scale_welcome","channel":"whatsapp","language":"en","body":"Hello {{1}}, order {{2}}","status":"APPROVED"}' >/dev/null
KEY=$(api POST /v1/bots/scale/keys '{"name":"k"}' | jq -r .key)

# the 30 days before today get their partitions (the service creates today's and the days ahead)
sql >/dev/null <<'SQL'
select format('select tidings_ensure_partition(%L, %L, %L)', t, d, d + interval '1 day')
from generate_series(date_trunc('day', now() at time zone 'UTC') - interval '31 days', date_trunc('day', now() at time zone 'UTC'), interval '1 day') g(u)
cross join lateral (select g.u at time zone 'UTC' as d) x
cross join unnest(array['notification', 'status_event', 'webhook_delivery', 'webhook_attempt']) t \gexec
SQL

# seed N: N more notifications of bot scale over the last 30 days (UUIDv7 ids of their creation time,
# so each lands in its day), each with its final status event, in transactions of CHUNK rows
seed() {
  local left=$1 n
  while ((left > 0)); do
    n=$((left < CHUNK ? left : CHUNK))
    sql -v n="$n" <<'SQL'
with t as (
  select g, now() - random() * interval '30 days' as created,
    (array['FAILED','DELIVERED_CHANNEL','DELIVERED_USER','READ','READ','READ','REPLY','DELIVERED_USER'])[1 + g % 8] as status
  from generate_series(1, :n) g
), n as (
  insert into notification (id, bot_id, channel, origin, callback_format, template_name, destination, content, request,
    status, failure_kind, internal_id, created_at, sent_at, delivery_channel_at, delivery_user_at, read_at)
  select encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing
      substring(int8send(floor(extract(epoch from created) * 1000)::bigint) from 3) from 1 for 6), 52, 1), 53, 1), 'hex')::uuid,
    'scale', 'whatsapp', 'API', 'yellow', 'tmpl_' || (g % 5), '91987' || lpad((g % 100000)::text, 7, '0'),
    '{"kind":"template","text":"Hello Asha, order A-1"}'::jsonb, '{"userDetails":{"number":"919876543215"}}'::json,
    status, case when status = 'FAILED' then 'ABSENT' end, 'wamid.scale' || md5(random()::text), created,
    created + interval '1 second', case when status <> 'FAILED' then created + interval '1 second' end,
    case when status in ('DELIVERED_USER', 'READ', 'REPLY') then created + interval '5 seconds' end,
    case when status in ('READ', 'REPLY') then created + interval '30 seconds' end
  from t
  returning id, status, created_at
)
insert into status_event (notification_id, status, occurred_at, recorded_at)
select id, status, created_at + interval '5 seconds', created_at + interval '5 seconds' from n;
SQL
    left=$((left - n))
  done
  # rollups as the pipeline keeps them (statistics read them), then fresh planner statistics
  sql -c "delete from notification_rollup where bot_id = 'scale'" -c "insert into notification_rollup (bot_id, hour,
      campaign_id, template_name, accepted, sent, in_delivered_channel, in_delivered_user, in_read, in_reply, in_failed)
    select bot_id, date_trunc('hour', created_at), coalesce(campaign_id, ''), coalesce(template_name, ''), count(*), count(sent_at),
      count(*) filter (where status = 'DELIVERED_CHANNEL'), count(*) filter (where status = 'DELIVERED_USER'),
      count(*) filter (where status = 'READ'), count(*) filter (where status = 'REPLY'), count(*) filter (where status = 'FAILED')
    from notification where bot_id = 'scale' group by 1, 2, 3, 4" -c "analyze"
}

# SCALE_BULK=1 (default): the large size is seeded without the large B-tree indexes, which are then built
# with their own definitions (CREATE INDEX on the partitioned tables, the primary key by ALTER TABLE).
# Seeding through them slowed from 80 s to 200+ s per million once the data outgrew the page cache
# (random B-tree inserts); without them a million takes about 20 s, the builds about 7 minutes at 50M.
# The small size is always seeded through its indexes; the partial indexes the workers poll (the send
# queue, the callback outbox) stay. SCALE_BULK=0 seeds the large size through every index too.
BULK=${SCALE_BULK:-1}
BIG_INDEXES="notification_bot_created notification_bot_destination notification_bot_template notification_bot_internal
  status_event_notification"
bulk_begin() {
  local i
  log "dropping the large indexes for the bulk seeding"
  : >"$OUT/bulk-indexes.sql"
  for i in $BIG_INDEXES; do
    sql -c "select pg_get_indexdef('$i'::regclass)" >>"$OUT/bulk-indexes.sql"
    sql -c "drop index $i" # one statement per index: one table locked at a time
  done
  sql -c "alter table notification drop constraint notification_pkey"
}
bulk_end() {
  local def
  log "building the large indexes"
  sql -c "set maintenance_work_mem = '1GB'" -c "alter table notification add constraint notification_pkey primary key (id)"
  while read -r def; do
    [[ -n $def ]] && sql -c "set maintenance_work_mem = '1GB'" -c "${def/ ON ONLY / ON }"
  done <"$OUT/bulk-indexes.sql"
  log "indexes built"
}

drained() { PGOPTIONS="-c enable_seqscan=off" sql -c "select not exists (select 1 from notification where due_at is not null and due_at <> 'infinity')"; }
wait_drained() { for _ in $(seq 1 1200); do [[ $(drained) == t ]] && return; sleep 0.5; done; log "the queue did not drain in 10 minutes"; }

{
  echo "/v1/bots/scale/notifications"
  echo "/v1/bots/scale/notifications?page=3"
  echo "/v1/bots/scale/notifications?limit=10&page=40"
  echo "/v1/bots/scale/notifications?elementName=tmpl_2"
  for d in 1 3 7 12 20 29; do
    day=$(date -u -d "-$d days" +%F)
    echo "/v1/bots/scale/notifications?from=$day&to=$day"
    echo "/v1/bots/scale/notifications?elementName=tmpl_4&from=$day"
  done
} >"$OUT/list-paths.txt"

wrk_run() { # wrk_run NAME SCRIPT SECONDS URL [env...] (CONNS= connections, default $C)
  local name=$1 script=$2 secs=$3 url=$4; shift 4
  env "$@" BENCH_DIR="$HERE" wrk -t2 -c"${CONNS:-$C}" -d"${secs}"s --timeout 30s --latency -s "$HERE/$script" "$url" >"$OUT/$name.txt" 2>&1
  grep '^BENCH ' "$OUT/$name.txt" || { cat "$OUT/$name.txt" >&2; exit 1; }
}
field() { awk -v k="$1" '{ for (i = 1; i <= NF; i++) if (index($i, k "=") == 1) print substr($i, length(k) + 2) }'; }

measure() { # measure LABEL: the three figures at the current size, as "rate list_p95 lookup_p95"
  local label=$1 push="$BASE/api/engagements/notifications/v2/push?bot=scale"
  # 200 ids over the days: a block sample on a large table, every row a candidate on a small one
  # (a 0.1% block sample of a few thousand rows can be empty)
  sql -c "select id from notification tablesample system (least(100, greatest(0.1, 2000000.0 / greatest(1,
      (select sum(c.reltuples) from pg_inherits i join pg_class c on c.oid = i.inhrelid
        where i.inhparent = 'notification'::regclass and c.reltuples > 0))))) where bot_id = 'scale' order by random() limit 200" |
    sed 's|^|/v1/bots/scale/notifications/|' >"$OUT/lookup-paths-$label.txt"
  [[ $(wc -l <"$OUT/lookup-paths-$label.txt") -ge 100 ]] || { log "no ids sampled for the lookups"; exit 1; }
  wrk_run "$label-warmup-push" push.lua "$WARM" "$push" KEY="$KEY" TEMPLATE=scale_welcome >/dev/null
  wait_drained
  CONNS=$QC wrk_run "$label-warmup-list" queries.lua "$WARM" "$BASE" KEY="$KEY" PATHS="$OUT/list-paths.txt" >/dev/null
  local rate list lookup
  rate=$(wrk_run "$label-push" push.lua "$SECS" "$push" KEY="$KEY" TEMPLATE=scale_welcome | field ok_per_s)
  wait_drained
  list=$(CONNS=$QC wrk_run "$label-list" queries.lua "$SECS" "$BASE" KEY="$KEY" PATHS="$OUT/list-paths.txt" | field p95_ms)
  lookup=$(CONNS=$QC wrk_run "$label-lookup" queries.lua "$SECS" "$BASE" KEY="$KEY" PATHS="$OUT/lookup-paths-$label.txt" | field p95_ms)
  grep -q 'non2xx=0 ' "$OUT/$label-list.txt" "$OUT/$label-lookup.txt" || { log "some queries failed"; exit 1; }
  log "$label: $(sql -c "select count(*) from notification") notifications, $(sql -c "select count(*) from pg_inherits where inhparent = 'notification'::regclass") partitions, database $(sql -c "select pg_size_pretty(pg_database_size(current_database()))")"
  echo "$rate $list $lookup"
}

log "seeding $SMALL notifications"
seed "$SMALL"
read -r R1 L1 K1 < <(measure small)
[[ -n ${K1:-} ]] || { log "the small measurement failed; see $OUT"; exit 1; }
log "small: insert $R1/s, list p95 $L1 ms, lookup p95 $K1 ms"
log "seeding up to $LARGE notifications"
[[ $BULK == 1 ]] && bulk_begin
seed $((LARGE - $(sql -c "select count(*) from notification")))
[[ $BULK == 1 ]] && bulk_end
read -r R2 L2 K2 < <(measure large)
[[ -n ${K2:-} ]] || { log "the large measurement failed; see $OUT"; exit 1; }
log "large: insert $R2/s, list p95 $L2 ms, lookup p95 $K2 ms"

change() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.0f%%", (b / a - 1) * 100 }'; }
ok() { awk -v a="$1" -v b="$2" -v dir="$3" 'BEGIN { c = b / a - 1; print ((dir == "up" ? -c : c) <= 0.20) ? "yes" : "no" }'; }
echo
echo "| figure | $SMALL rows | $LARGE rows | change | goal | met |"
echo "| --- | ---: | ---: | ---: | --- | --- |"
echo "| insert: push API accepted/s (concurrency $C) | $R1 | $R2 | $(change "$R1" "$R2") | at most 20% fewer | $(ok "$R1" "$R2" up) |"
echo "| list + stats (§5): p95 ms | $L1 | $L2 | $(change "$L1" "$L2") | at most 20% slower | $(ok "$L1" "$L2" down) |"
echo "| lookup by id: p95 ms | $K1 | $K2 | $(change "$K1" "$K2") | at most 20% slower | $(ok "$K1" "$K2" down) |"
echo "SCALE small=$SMALL large=$LARGE insert_small=$R1 insert_large=$R2 list_p95_small=$L1 list_p95_large=$L2 lookup_p95_small=$K1 lookup_p95_large=$K2"
