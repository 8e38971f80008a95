#!/usr/bin/env bash
# One run of the SAME SMS workload as kannel_run.sh, against Tidings instead of Kannel
# (adapted from ../shared/peers/kannel/tidings_run.sh; bench/vs-kannel.sh runs it):
#   loadgen_post.py --HTTP POST §4 push (sms, template, customPayload.ref={id})--> Tidings (java -jar)
#   Tidings (simulator on sms, step delay 0: DELIVERED_CHANNEL then DELIVERED_USER for numbers ending in 2)
#   Tidings --yellow status callbacks (POST, one per status: "queued", "sent", "delivered")--> dlr_receiver_body.py
#
# Same load generator timing (loadgen.py, POST variant), same receiver (body-keeping variant),
# same CPU sampler and the same analyze.py, which reads:
#   loadgen.json/.tsv   per-request send/response times
#   smsc.tsv            here: the time each notification reached DELIVERED_USER (from the database)
#   dlr.tsv             callbacks, query rebuilt from the JSON body (type=1 delivered, type=8 sent, type=queued)
#   cpu.json            java, every PostgreSQL process (pg_<pid>), the receiver, the stats poller
# plus stats.tsv: the notification list's _metadata.stats polled every 0.2 s during the run.
#
#   TIDINGS_JAR=<path to tidings.jar> JAVA_HOME=<jdk> N=20000 C=128 ./tidings_run.sh
# CALLBACK_EVENTS (e.g. DELIVERED_USER,FAILED) sets the bot's callbackEvents (API.md §9): then one
# callback per SMS, as Kannel's dlr-mask=1; unset, every status is called back (3 per SMS).
# It also writes db_work.txt: tuple writes (pg_stat_database) and WAL (pg_stat_wal) from just before
# the load to the end of the drain, per accepted message, db_tables.txt by table, and seq_scans.txt
# (rows read by sequential scans per table over the whole run).
# Optional: WARMUP (default 100000, about 40 s of load: the JVM's C2 compiler catches up only after
# about 40 s of steady load, see bench/README.md), WARMUP_ROUNDS (default 2: the warm-up is sent
# in that many rounds, each opening and closing its connections as the measured phase does; more
# rounds of the same size follow while the JIT's share of a round is over JIT_QUIET %, default 5,
# up to WARMUP_MAX messages, default 4 x WARMUP),
# PAST_DAYS (day partitions of that many days before today, as after months of retention),
# PROFILE=1 (JFR over the measured phase, CPU-time sampling on JDK 25+ unless JFR_SETTINGS names
# other settings, + pg_stat_statements + pg_stat_activity samples;
# not for the comparison table), KEEP=1 (keep the data directory), RUN_DIR.
# Every process it starts is stopped by PID on exit.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
N=${N:-20000}
C=${C:-32}
WARMUP=${WARMUP:-100000}
WARMUP_ROUNDS=${WARMUP_ROUNDS:-2}
DEADLINE=${DEADLINE:-300}
DRAIN_TIMEOUT=${DRAIN_TIMEOUT:-240}
DLR_PORT=${DLR_PORT:-13080}
PORT=${PORT:-18480}
PGPORT=${PGPORT:-25480}
PROFILE=${PROFILE:-0}
# callbacks per message: queued, sent (DELIVERED_CHANNEL), delivered (DELIVERED_USER); 1 when only
# DELIVERED_USER (and FAILED, which this workload never reaches) is called back
if [[ -n ${CALLBACK_EVENTS:-} ]]; then CB_DEFAULT=$(tr ',' '\n' <<<"$CALLBACK_EVENTS" | grep -cE '^(CREATED|DELIVERED_CHANNEL|DELIVERED_USER)$' || true); else CB_DEFAULT=3; fi
CB_PER_MSG=${CB_PER_MSG:-$CB_DEFAULT}
TEXT=${TEXT:-"123456. Ref"}            # the template is "Your verification code is {{1}}": same 46+ chars as Kannel's text
PY=${PYTHON:-python3}
: "${TIDINGS_JAR:?set TIDINGS_JAR to target/tidings.jar}"
: "${JAVA_HOME:?set JAVA_HOME to a JDK >= 21}"
JAVA=$JAVA_HOME/bin/java
JAVA_OPTS=${JAVA_OPTS--Xms512m -Xmx512m} # the README's fixed heap unless set (empty: none)
ADMIN=ta_peer_0123456789abcdefghijklmnopqrstuvwxyz
RUN_DIR=${RUN_DIR:-$HERE/../results/kannel/$(date +%Y%m%d-%H%M%S)-tidings-n$N-c$C}
BASE=http://127.0.0.1:$PORT
PG="postgresql://postgres@127.0.0.1:$PGPORT/postgres"

mkdir -p "$RUN_DIR"
RUN_DIR="$(cd "$RUN_DIR" && pwd)"
DATA=$(mktemp -d "${TMPDIR:-/tmp}/tidings-peer.XXXXXX")
log() { printf '[tidings-run %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
for p in $PORT $PGPORT $DLR_PORT; do
  if ss -Hltn "( sport = :$p )" | grep -q .; then echo "port $p already in use, aborting"; exit 2; fi
done

declare -a PIDS=() NAMES=()
track() { NAMES+=("$1"); PIDS+=("$2"); echo "$1 $2" >> "$RUN_DIR/pids"; }
JAVA_PID=""
stop_pid() {  # name pid [seconds]
  local name=$1 pid=$2 secs=${3:-10} i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < secs * 10; i++)); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  log "$name ($pid) did not exit after SIGTERM, sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  sleep 0.2
}
postmaster_pid() { [[ -f $DATA/postgres/postmaster.pid ]] && head -1 "$DATA/postgres/postmaster.pid" || true; }
stop_java() {
  [[ -n $JAVA_PID ]] || return 0
  local pm i
  pm=$(postmaster_pid)
  stop_pid java "$JAVA_PID" 60
  wait "$JAVA_PID" 2>/dev/null || true
  for ((i = 0; i < 150; i++)); do [[ -n $pm ]] && kill -0 "$pm" 2>/dev/null || break; sleep 0.1; done
  if [[ -n $pm ]] && kill -0 "$pm" 2>/dev/null; then   # still running 15 s after the JVM exited
    log "stopping the left-over postmaster $pm"; stop_pid postmaster "$pm" 30
  fi
  JAVA_PID=""
}
cleanup() {
  local i
  set +e
  for ((i=${#PIDS[@]}-1; i>=0; i--)); do
    [[ ${NAMES[$i]} == java ]] && { stop_java; continue; }
    stop_pid "${NAMES[$i]}" "${PIDS[$i]}"
  done
  if [[ ${KEEP:-0} == 1 ]]; then log "kept $DATA"; else rm -rf "$DATA"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

sql() { psql "$PG" -qtAX -v ON_ERROR_STOP=1 "$@"; }
api() {  # METHOD PATH [json]
  local out code
  out=$(curl -sS -X "$1" "$BASE$2" -H "x-api-key: $ADMIN" -H 'Content-Type: application/json' \
        ${3:+-d "$3"} -w '\n%{http_code}')
  code=${out##*$'\n'}; out=${out%$'\n'*}
  [[ $code == 2* ]] || { echo "$1 $2 answered $code: $out" >&2; return 1; }
  printf '%s' "$out"
}
start_java() {
  local t0 i
  t0=$(date +%s%3N)
  TIDINGS_DATA_DIR=$DATA TIDINGS_ADMIN_KEY=$ADMIN TIDINGS_DATABASE_PORT=$PGPORT SERVER_PORT=$PORT \
    TIDINGS_SIMULATOR_STEP_DELAY=0ms TIDINGS_WEBHOOKS_ALLOWED_NETWORKS=127.0.0.0/8 "$JAVA" $JAVA_OPTS -jar "$TIDINGS_JAR" >> "$RUN_DIR/service.log" 2>&1 &
  JAVA_PID=$!
  track java "$JAVA_PID"
  for ((i = 0; i < 3000; i++)); do
    kill -0 "$JAVA_PID" 2>/dev/null || { echo "the service exited; see $RUN_DIR/service.log"; exit 1; }
    curl -sf -m 2 "$BASE/actuator/health" 2>/dev/null | grep -q '"status":"UP"' && break
    sleep 0.05
  done
  log "tidings up after $(( $(date +%s%3N) - t0 )) ms: java=$JAVA_PID postmaster=$(postmaster_pid)"
}
dlr_count() { curl -s --max-time 5 "http://127.0.0.1:$DLR_PORT/count" || echo "0 0"; }
du_count() {  # DELIVERED_USER of the bot's notification list stats
  curl -s --max-time 5 -H "x-api-key: $ADMIN" "$BASE/v1/bots/sms/notifications?limit=1" | jq -r '._metadata.stats.DELIVERED_USER // 0'
}
wait_counts() {  # want_delivered_user want_dlr idx timeout
  local wu=$1 wd=$2 idx=$3 to=$4 u d t0
  t0=$(date +%s)
  while :; do
    u=$(du_count); d=$(dlr_count | cut -d' ' -f"$idx")
    if [ "${u:-0}" -ge "$wu" ] && [ "${d:-0}" -ge "$wd" ]; then return 0; fi
    if [ $(( $(date +%s) - t0 )) -ge "$to" ]; then log "drain timeout: delivered_user=$u/$wu callbacks=$d/$wd"; return 1; fi
    sleep 0.2
  done
}

# ---------------------------------------------------------------- start
log "run dir $RUN_DIR, data $DATA"
$PY "$HERE/dlr_receiver_body.py" --port "$DLR_PORT" --out "$RUN_DIR/dlr.tsv" > "$RUN_DIR/dlr_receiver.out" 2>&1 &
RCV_PID=$!
track dlr_receiver "$RCV_PID"
start_java
if [[ $PROFILE == 1 ]]; then   # pg_stat_statements needs shared_preload_libraries: set it, restart warm
  sql -c "alter system set shared_preload_libraries = 'pg_stat_statements'" -c "alter system set pg_stat_statements.track = 'all'" \
      -c "alter system set track_wal_io_timing = on" -c "alter system set track_io_timing = on" \
      -c "alter system set pg_stat_statements.track_planning = on"
  stop_java
  start_java
  sql -c "create extension if not exists pg_stat_statements"
fi
# PAST_DAYS=n: the day partitions of the n days before today, as a deployment keeping its default 90
# days of retention has them (empty here: what they cost is planning, locking and one index descent
# each wherever a statement cannot prune them)
if ((${PAST_DAYS:-0} > 0)); then
  for ((d = PAST_DAYS; d >= 1; d--)); do
    for t in notification status_event webhook_delivery webhook_attempt; do
      sql -c "select tidings_ensure_partition('$t', date_trunc('day', now() at time zone 'UTC') at time zone 'UTC' - interval '$d days',
        date_trunc('day', now() at time zone 'UTC') at time zone 'UTC' - interval '$((d - 1)) days')" > /dev/null
    done
  done
  log "$(sql -c "select count(*) from pg_inherits where inhparent = 'status_event'::regclass") partitions of status_event"
fi
{ echo "fsync=$(sql -c 'show fsync') synchronous_commit=$(sql -c 'show synchronous_commit') server=$(sql -c 'show server_version')"
  echo "java: $("$JAVA" -version 2>&1 | head -1) opts: ${JAVA_OPTS:-(none)}"; } > "$RUN_DIR/facts.txt"

# CALLBACK_EVENTS (e.g. DELIVERED_USER,FAILED): the statuses called back (API.md §9), Kannel's dlr-mask for Tidings
EVENTS_FIELD=""
if [ -n "${CALLBACK_EVENTS:-}" ]; then
  EVENTS_FIELD=",\"callbackEvents\":[$(printf '"%s",' ${CALLBACK_EVENTS//,/ } | sed 's/,$//')]"
fi
api POST /v1/bots "{\"botId\":\"sms\",\"name\":\"sms\",\"rateLimitPerMinute\":10000000,\"webhookFormat\":\"yellow\",\"postbackUrl\":\"http://127.0.0.1:$DLR_PORT/dlr\"$EVENTS_FIELD}" > /dev/null
api PUT /v1/bots/sms/channels/sms '{"provider":"simulator"}' > /dev/null
api POST /v1/bots/sms/templates '{"name":"otp","channel":"sms","language":"en","category":"UTILITY","body":"Your verification code is {{1}}","status":"APPROVED"}' > /dev/null
KEY=$(api POST /v1/bots/sms/keys '{"name":"bench"}' | jq -r .key)
URL="$BASE/api/engagements/notifications/v2/push?bot=sms"
# the recipient: 91 9<8-digit num>2 (a valid Indian mobile number ending in 2: SMS gets DELIVERED_CHANNEL, DELIVERED_USER)
BODY='{"userDetails":{"number":"919{num}2"},"notification":{"type":"sms","templateId":"otp","params":{"1":"'"$TEXT"' {id}"}},"config":{"customPayload":{"ref":"{id}"}}}'
printf '%s\n%s\n' "$URL" "$BODY" > "$RUN_DIR/url_template.txt"
# one by hand first: a 202 and the body's shape
curl -sS -o "$RUN_DIR/probe.json" -w '%{http_code}\n' -X POST "$URL" -H "x-api-key: $KEY" -H 'Content-Type: application/json' \
  -d "$(sed -e 's/{num}/30000000/' -e 's/{id}/w-probe/g' <<<"$BODY")" > "$RUN_DIR/probe.code"
[[ $(cat "$RUN_DIR/probe.code") == 202 ]] || { echo "probe push answered $(cat "$RUN_DIR/probe.code"): $(cat "$RUN_DIR/probe.json")"; exit 1; }

# ---------------------------------------------------------------- database work (issue 1/6)
# "inserted updated deleted wal_records wal_bytes". A backend flushes its statistics when it goes
# idle, at most once a second; one that went idle sooner flushes on a timer 10 s later
# (PGSTAT_IDLE_INTERVAL, PostgreSQL 15+): a reading counts once the tables' tuple counters have
# not moved for 11 s (callback_cursor left out: idle workers renew their leases every ~15 s)
db_counters() {
  psql "$PG" -qtAX -F ' ' -c "select d.tup_inserted, d.tup_updated, d.tup_deleted, w.wal_records, w.wal_bytes
    from pg_stat_database d, pg_stat_wal w where d.datname = current_database()"
}
settled_counters() {
  local cur last="" since i
  since=$(date +%s)
  for ((i = 0; i < 90; i++)); do
    cur=$(psql "$PG" -qtAX -c "select sum(n_tup_ins + n_tup_upd + n_tup_del) from pg_stat_user_tables where relname <> 'callback_cursor'")
    if [[ $cur != "$last" ]]; then last=$cur; since=$(date +%s); elif (( $(date +%s) - since >= 11 )); then break; fi
    sleep 1
  done
  ((i < 90)) || log "statistics counters still moving after 90 s"
  db_counters
}
table_counters() { psql "$PG" -qtAX -F ' ' -c "select relname, n_tup_ins, n_tup_upd, n_tup_del from pg_stat_user_tables order by relname" | LC_ALL=C sort; }

# ---------------------------------------------------------------- warm-up (ids w<num>, not measured)
# "<ticks of the JIT compiler threads> <ticks of the whole JVM>" (utime + stime): a thread's
# name is the second field of its stat line, in parentheses, and may hold spaces
jit_ticks() {
  local t line rest jit=0 all
  for t in /proc/"$JAVA_PID"/task/*/stat; do
    line=$(<"$t") 2>/dev/null || continue
    case ${line#*\(} in "C1 CompilerThre"* | "C2 CompilerThre"*) ;; *) continue ;; esac
    rest=${line##*) }
    read -r -a f <<<"$rest"
    jit=$(( jit + f[11] + f[12] ))
  done
  read -r -a f <<<"$(cut -d')' -f2- /proc/"$JAVA_PID"/stat)"
  all=$(( f[11] + f[12] ))
  echo "$jit $all"
}
if [ "$WARMUP" -gt 0 ]; then
  # the measured phase polls the notification list for its statistics (stats_poll.py, five
  # requests a second): the warm-up does too, or the JIT compiles those requests' code paths
  # (query parameters, the list's JSON) for the first time inside the measured window
  # (its target is never reached: it is stopped after the last round)
  PER_ROUND=$(( WARMUP / WARMUP_ROUNDS ))
  JIT_QUIET=${JIT_QUIET:-5}
  WARMUP_MAX=${WARMUP_MAX:-$(( 4 * WARMUP ))}
  $PY "$HERE/stats_poll.py" --url "$BASE/v1/bots/sms/notifications?limit=1" --key "$ADMIN" \
      --target $(( WARMUP_MAX + PER_ROUND + 2 )) --interval 0.2 --timeout 3600 --out "$RUN_DIR/warmup-stats.tsv" &
  WARM_POLL_PID=$!
  track warm_stats_poll "$WARM_POLL_PID"
  # in WARMUP_ROUNDS rounds, each as the measured phase is (C connections opened, the load, the
  # connections closed, the drain): the end of a round (its connections closing, the queues
  # running empty) takes branches the load never did, and C2 throws away the code it compiled
  # for the HTTP path and the queues (uncommon traps in Http11Processor.service,
  # Poller.processKey, Handoff.take, seen with -XX:+PrintCompilation); with one round it
  # compiled them again inside the measured window (C2 15-20% of the JVM's CPU there)
  # then more rounds of the same size while the JIT compiler threads took more than
  # JIT_QUIET % (default 5) of the JVM's CPU in the last round, up to WARMUP_MAX messages in all
  # (default 4 x WARMUP): on a slow 2-core machine under full load the one C2 thread gets so
  # little CPU that hot methods wait in tier 2 code through a fixed warm-up and are compiled
  # inside the measured window (100,000 messages: C2 17-18% of the JVM's CPU there, -Xlog:jit);
  # and last, one round after the same quiet wait as the measured phase has before it (the
  # statistics settling, 11-20 s): the first requests after it take branches a busy service
  # never does (pooled callback connections checked after 2 s idle, the id generator's clock
  # branch), C2 throws away code that inlined them (uncommon traps in
  # PoolingHttpClientConnectionManager, TimeOrderedEpochFactory, with NotificationAcceptor.prepare
  # and the request path that inline them) and compiled it again in the measured window (JIT
  # 12-18% of the JVM's CPU there after a quiet warm-up)
  SENT=0
  warm_round() {  # COUNT LABEL
    local count=$1 jit0 all0 jit1 all1
    read -r jit0 all0 < <(jit_ticks)
    $PY "$HERE/loadgen_post.py" --url "$URL" --body "$BODY" --header "x-api-key: $KEY" -n "$count" -c "$C" \
        --prefix w --start $(( 20000000 + SENT )) --deadline 300 --summary "$RUN_DIR/warmup.json" > /dev/null
    SENT=$(( SENT + count ))
    DONE=$(( SENT + 1 ))
    wait_counts "$DONE" $(( DONE * CB_PER_MSG )) 2 "$DRAIN_TIMEOUT" || true
    read -r jit1 all1 < <(jit_ticks)
    JIT_PCT=$(( all1 > all0 ? 100 * (jit1 - jit0) / (all1 - all0) : 0 ))
    log "warm-up $2: $count messages, $SENT in all, JIT compiler threads ${JIT_PCT}% of the JVM's CPU"
    echo "$2 $count $SENT $JIT_PCT" >> "$RUN_DIR/warmup_rounds.txt"
  }
  for (( round = 0; ; round++ )); do
    COUNT=$PER_ROUND
    (( round == WARMUP_ROUNDS - 1 )) && COUNT=$(( WARMUP - round * PER_ROUND ))
    warm_round "$COUNT" "round-$(( round + 1 ))"
    (( round + 1 >= WARMUP_ROUNDS )) || continue
    (( JIT_PCT > JIT_QUIET && SENT + PER_ROUND <= WARMUP_MAX )) || break
  done
  settled_counters > /dev/null
  warm_round "$PER_ROUND" "after-quiet-wait"
  kill "$WARM_POLL_PID" 2>/dev/null || true
  wait "$WARM_POLL_PID" 2>/dev/null || true
  sleep 1
fi
BASE_DU=$(du_count)
log "warm-up done: DELIVERED_USER=$BASE_DU callbacks=$(dlr_count)"

# ---------------------------------------------------------------- measured run
# a profile resets the shared WAL and I/O statistics before the baseline reading (else the WAL
# per message is the difference of two readings across a reset: negative), so pg_stat_wal and
# pg_stat_io in the profile cover the whole measured run from here; pg_stat_statements and JFR
# are reset and started just before the load, and cover the load and the drain
if [[ $PROFILE == 1 ]]; then
  sql -c "select pg_stat_statements_reset()" -c "select pg_stat_reset_shared('io')" -c "select pg_stat_reset_shared('wal')" > /dev/null
fi
DB0=$(settled_counters); TABLES0=$(table_counters)
SAMPLED=(java="$JAVA_PID" dlr_receiver="$RCV_PID")
PM=$(postmaster_pid)
SAMPLED+=(pg_"$PM"="$PM")
for p in $(cat "/proc/$PM/task/$PM/children" 2>/dev/null); do SAMPLED+=(pg_"$p"="$p"); done
# PostgreSQL as a tree (postmaster with its reaped children + live children), before and after
pg_tree_ticks() {
  local pm=$1 total=0 p f
  for p in $pm $(cat "/proc/$pm/task/$pm/children" 2>/dev/null); do
    f=$(cat "/proc/$p/stat" 2>/dev/null) || continue
    f=${f##*) }; read -r -a a <<<"$f"
    total=$(( total + a[11] + a[12] + a[13] + a[14] ))
  done
  echo "$total"
}
$PY "$HERE/stats_poll.py" --url "$BASE/v1/bots/sms/notifications?limit=1" --key "$ADMIN" \
    --target $(( BASE_DU + N )) --interval 0.2 --timeout $(( DEADLINE + DRAIN_TIMEOUT )) --out "$RUN_DIR/stats.tsv" &
POLL_PID=$!
track stats_poll "$POLL_PID"
SAMPLED+=(stats_poll="$POLL_PID")
$PY "$HERE/cpu_sampler.py" --out "$RUN_DIR/cpu.json" --interval 0.25 "${SAMPLED[@]}" &
SAMPLER_PID=$!
track cpu_sampler "$SAMPLER_PID"
if [[ $PROFILE == 1 ]]; then
  sql -c "select pg_stat_statements_reset()" > /dev/null
  sql -c "select 'before', xact_commit, xact_rollback from pg_stat_database where datname = 'postgres'" > "$RUN_DIR/xact.txt"
  # JFR_SETTINGS unset: on JDK 25+ the default settings plus CPU-time sampling every 2 ms of CPU
  # (jdk.CPUTimeSample counts the time in system calls, a third of the JVM's here, which the
  # execution sampler of the "profile" settings misses); on older JDKs "profile"
  if [[ -z ${JFR_SETTINGS:-} ]]; then
    JFR_SETTINGS=profile
    "$JAVA_HOME/bin/jfr" configure --input default jdk.CPUTimeSample#enabled=true jdk.CPUTimeSample#throttle=2ms \
      --output "$RUN_DIR/cpu-time.jfc" > /dev/null 2>&1 && JFR_SETTINGS="$RUN_DIR/cpu-time.jfc"
  fi
  "$JAVA_HOME/bin/jcmd" "$JAVA_PID" JFR.start name=peer settings="$JFR_SETTINGS" duration=120s filename="$RUN_DIR/tidings.jfr" > "$RUN_DIR/jfr-start.txt" 2>&1
  ( for i in $(seq 1 600); do
      echo "== $(date +%s%N)"
      psql "$PG" -qtAX -c "select coalesce(wait_event_type || ':' || wait_event, 'CPU/-'), state, left(regexp_replace(query, '\s+', ' ', 'g'), 70)
        from pg_stat_activity where backend_type = 'client backend' and state <> 'idle' and pid <> pg_backend_pid()" 2>/dev/null
      sleep 0.5
    done ) > "$RUN_DIR/pg_activity.txt" &
  track pg_activity $!
  ( sleep 4; top -H -b -n2 -d1 -w 200 -p "$JAVA_PID" | awk '/^top -/ {n++} n == 2' | head -30 > "$RUN_DIR/top-threads.txt";
    top -b -n2 -d1 -w 200 | awk '/^top -/ {n++} n == 2' | head -25 > "$RUN_DIR/top.txt" ) &
  track top_snap $!
fi
T0_TREE=$(pg_tree_ticks "$PM"); T0_JAVA=$(awk '{print $14+$15}' "/proc/$JAVA_PID/stat"); T0_STAT=$(head -1 /proc/stat)
sleep 0.3
log "load: N=$N C=$C (base DELIVERED_USER $BASE_DU)"
$PY "$HERE/loadgen_post.py" --url "$URL" --body "$BODY" --header "x-api-key: $KEY" -n "$N" -c "$C" \
    --start 10000000 --deadline "$DEADLINE" --out "$RUN_DIR/loadgen.tsv" --summary "$RUN_DIR/loadgen.json" > "$RUN_DIR/loadgen.out"
ACCEPTED=$($PY -c 'import json,sys;print(json.load(open(sys.argv[1]))["accepted_2xx"])' "$RUN_DIR/loadgen.json")
log "accepted $ACCEPTED; waiting for DELIVERED_USER and the callbacks"
wait_counts $(( BASE_DU + ACCEPTED )) $(( ACCEPTED * CB_PER_MSG )) 1 "$DRAIN_TIMEOUT" || true
sleep 0.5
T1_TREE=$(pg_tree_ticks "$PM"); T1_JAVA=$(awk '{print $14+$15}' "/proc/$JAVA_PID/stat"); T1_STAT=$(head -1 /proc/stat)
echo "pg_tree_ticks $T0_TREE $T1_TREE java_ticks $T0_JAVA $T1_JAVA" > "$RUN_DIR/tree_ticks.txt"
echo "stat0 $T0_STAT" >> "$RUN_DIR/tree_ticks.txt"; echo "stat1 $T1_STAT" >> "$RUN_DIR/tree_ticks.txt"
DB1=$(settled_counters)
echo "$DB0 $DB1" | awk -v n="$ACCEPTED" '{ d = (n > 0) ? n : 1
  printf "accepted=%d inserted=%d updated=%d deleted=%d wal_records=%d wal_bytes=%d writes_per_msg=%.2f wal_bytes_per_msg=%.0f wal_records_per_msg=%.2f\n",
    n, $6 - $1, $7 - $2, $8 - $3, $9 - $4, $10 - $5, ($6 - $1 + $7 - $2 + $8 - $3) / d, ($10 - $5) / d, ($9 - $4) / d }' > "$RUN_DIR/db_work.txt"
LC_ALL=C join <(echo "$TABLES0") <(table_counters) | awk -v n="$ACCEPTED" '{ i = $5 - $2; u = $6 - $3; d = $7 - $4
  if (i + u + d > 0) printf "%s inserted=%.2f updated=%.2f deleted=%.2f per message\n", $1, i / n, u / n, d / n }' > "$RUN_DIR/db_tables.txt"
log "database work: $(cat "$RUN_DIR/db_work.txt")"
# rows read by sequential scans over the whole run (a plan that scans a growing table is the
# first suspect when PostgreSQL's CPU per message rises)
psql "$PG" -qtAX -F ' ' -c "select relname, seq_scan, seq_tup_read, idx_scan from pg_stat_user_tables
  where seq_tup_read > 0 order by seq_tup_read desc limit 10" > "$RUN_DIR/seq_scans.txt" 2>&1 || true
stop_pid cpu_sampler "$SAMPLER_PID"
# the JVM's thread names by id (cpu.json counts threads by id): which share is JIT, GC, request threads
for t in /proc/"$JAVA_PID"/task/*; do echo "${t##*/} $(cat "$t/comm" 2>/dev/null)"; done > "$RUN_DIR/threads.txt" 2>/dev/null || true
stop_pid stats_poll "$POLL_PID"
if [[ $PROFILE == 1 ]]; then
  "$JAVA_HOME/bin/jcmd" "$JAVA_PID" JFR.stop name=peer > "$RUN_DIR/jfr-stop.txt" 2>&1 || true
  sql -c "select round(total_exec_time::numeric, 0) as total_ms, calls, round(mean_exec_time::numeric, 3) as mean_ms,
            rows, wal_records, left(regexp_replace(query, '\s+', ' ', 'g'), 160)
          from pg_stat_statements order by total_exec_time desc limit 25" > "$RUN_DIR/pg_stat_statements.txt" 2>&1 || true
  sql -c "select sum(total_exec_time) from pg_stat_statements" >> "$RUN_DIR/pg_stat_statements.txt" 2>&1 || true
  # planning: a statement planned on every call (custom plans over the day partitions) shows here
  sql -c "select round(total_plan_time::numeric, 0) as plan_ms, plans, calls, round(total_exec_time::numeric, 0) as exec_ms,
            left(regexp_replace(query, '\s+', ' ', 'g'), 120)
          from pg_stat_statements order by total_plan_time desc limit 15" > "$RUN_DIR/pg_plans.txt" 2>&1 || true
  sql -c "select * from pg_stat_wal" -x >> "$RUN_DIR/pg_stat_statements.txt" 2>&1 || true
  sql -c "select backend_type, object, context, writes, write_time, fsyncs, fsync_time from pg_stat_io
          where object = 'wal' and (writes > 0 or fsyncs > 0)" >> "$RUN_DIR/pg_stat_statements.txt" 2>&1 || true
  sql -c "select 'after', xact_commit, xact_rollback from pg_stat_database where datname = 'postgres'" >> "$RUN_DIR/xact.txt" 2>&1 || true
fi
# per-notification times from the database (microseconds; the same wall clock as loadgen)
sql -c "\copy (select custom_payload->>'ref', (extract(epoch from created_at)*1e9)::bigint,
  (extract(epoch from delivery_channel_at)*1e9)::bigint, (extract(epoch from delivery_user_at)*1e9)::bigint, status
  from notification where bot_id = 'sms') to '$RUN_DIR/db_times.tsv'"
awk -F'\t' '$1 !~ /^w/ && $4 != "" && $4 != "\\N" {print $4 "\t" $1}' "$RUN_DIR/db_times.tsv" > "$RUN_DIR/smsc.tsv"
sql -c "select state, count(*) from webhook_delivery group by 1" > "$RUN_DIR/webhook_states.txt" || true
sql -c "select status, count(*) from notification where bot_id = 'sms' group by 1" > "$RUN_DIR/statuses.txt" || true

# ---------------------------------------------------------------- stop (reverse order) + analyse
cleanup
trap - EXIT
$PY "$HERE/analyze.py" "$RUN_DIR" --dlr-per-msg "$CB_PER_MSG" \
    --meta "SYSTEM=tidings N=$N C=$C WARMUP=$WARMUP PROFILE=$PROFILE CALLBACK_EVENTS=${CALLBACK_EVENTS:-all} JAVA_OPTS=$JAVA_OPTS" > "$RUN_DIR/analyze.out" || true
$PY "$HERE/tidings_result.py" "$RUN_DIR" "$CB_PER_MSG"
