#!/usr/bin/env bash
# One benchmark run of Kannel 1.4.5 on loopback (copied from ../shared/peers/kannel/run.sh;
# bench/vs-kannel.sh runs it):
#   loadgen --HTTP sendsms--> smsbox --> bearerbox --fake protocol--> fakesmsc (| smsc_tap.py)
#   bearerbox (DLR from the fake SMSC driver) --> smsbox --HTTP dlr-url--> dlr_receiver.py
#
# All settings come from environment variables (defaults below). Example:
#   N=20000 C=32 ./kannel_run.sh
# Output: $RUN_DIR (default bench/results/kannel/<stamp>-n<N>-c<C>) with logs, raw TSVs, result.json.
# Every process this script starts is stopped by its PID at the end (trap on EXIT).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

N=${N:-20000}                          # measured messages
C=${C:-32}                             # HTTP concurrency (persistent connections)
WARMUP=${WARMUP:-500}                  # warm-up messages (ids w1..wK), not measured
DLR_MASK=${DLR_MASK:-1}                # 1 = delivered to phone; 8 = delivered to SMSC; 9 = both
LOG_LEVEL=${LOG_LEVEL:-3}              # Kannel log level: 0 debug,1 info,2 warning,3 error,4 panic
SMSBOX_MAX_PENDING=${SMSBOX_MAX_PENDING:-100}     # core: un-acked msgs bearerbox->smsbox (Kannel default 100)
MAX_PENDING_REQUESTS=${MAX_PENDING_REQUESTS:-512} # smsbox: parallel dlr-url fetches (Kannel default 512)
IMMEDIATE_REPLY=${IMMEDIATE_REPLY:-false}         # smsbox: reply 202 before bearerbox acked (Kannel default false)
STORE=${STORE:-none}                   # none | file | spool  (bearerbox message store)
THROUGHPUT=${THROUGHPUT:-}             # optional msgs/s cap on the fake SMSC link (empty = unlimited)
TEXT=${TEXT:-Your+verification+code+is+123456.+Ref}   # url-encoded text; " {id}" is appended
DEADLINE=${DEADLINE:-300}              # loadgen: no new request after this many seconds
DRAIN_TIMEOUT=${DRAIN_TIMEOUT:-120}    # max seconds to wait for all messages/DLRs after the load
ADMIN_PORT=${ADMIN_PORT:-13000}
SMSBOX_PORT=${SMSBOX_PORT:-13001}
FAKE_PORT=${FAKE_PORT:-10000}
SENDSMS_PORT=${SENDSMS_PORT:-13013}
DLR_PORT=${DLR_PORT:-13080}
LOADER=${LOADER:-loadgen}              # loadgen (exactly N requests, per-message latency) | wrk (time-bounded)
WRK_SECONDS=${WRK_SECONDS:-8}          # wrk mode: load duration
PRELOAD=${PRELOAD:-}                   # optional LD_PRELOAD for the Kannel processes (diagnostics only)
PY=${PYTHON:-python3}
BEARERBOX=${BEARERBOX:-/usr/sbin/bearerbox}
SMSBOX=${SMSBOX:-/usr/sbin/smsbox}
FAKESMSC=${FAKESMSC:-/usr/lib/kannel/test/fakesmsc}
RUN_DIR=${RUN_DIR:-$HERE/../results/kannel/$(date +%Y%m%d-%H%M%S)-n$N-c$C}

mkdir -p "$RUN_DIR"
RUN_DIR="$(cd "$RUN_DIR" && pwd)"
cd "$RUN_DIR"
log() { printf '[run %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

for bin in "$BEARERBOX" "$SMSBOX" "$FAKESMSC" curl; do
  command -v "$bin" >/dev/null || { echo "missing $bin (apt-get install -y kannel kannel-extras curl)"; exit 2; }
done
for p in $ADMIN_PORT $SMSBOX_PORT $FAKE_PORT $SENDSMS_PORT $DLR_PORT; do
  if ss -Hltn "( sport = :$p )" | grep -q .; then echo "port $p already in use, aborting"; exit 2; fi
done

# ---------------------------------------------------------------- config
STORE_LINES="# no message store (store-type unset)"
if [ "$STORE" = file ]; then
  STORE_LINES=$'store-type = file\nstore-location = "'"$RUN_DIR"'/kannel.store"'
elif [ "$STORE" = spool ]; then
  mkdir -p "$RUN_DIR/spool"
  STORE_LINES=$'store-type = spool\nstore-location = "'"$RUN_DIR"'/spool"'
fi
THROUGHPUT_LINE="# no throughput cap"
[ -n "$THROUGHPUT" ] && THROUGHPUT_LINE="throughput = $THROUGHPUT"
ADMIN_PORT=$ADMIN_PORT SMSBOX_PORT=$SMSBOX_PORT FAKE_PORT=$FAKE_PORT SENDSMS_PORT=$SENDSMS_PORT \
RUN_DIR=$RUN_DIR LOG_LEVEL=$LOG_LEVEL SMSBOX_MAX_PENDING=$SMSBOX_MAX_PENDING \
MAX_PENDING_REQUESTS=$MAX_PENDING_REQUESTS IMMEDIATE_REPLY=$IMMEDIATE_REPLY \
STORE_LINES=$STORE_LINES THROUGHPUT_LINE=$THROUGHPUT_LINE \
$PY - "$HERE/kannel.conf.in" "$RUN_DIR/kannel.conf" <<'EOF'
import os, sys
s = open(sys.argv[1]).read()
for k in ("ADMIN_PORT", "SMSBOX_PORT", "FAKE_PORT", "SENDSMS_PORT", "RUN_DIR", "LOG_LEVEL",
          "SMSBOX_MAX_PENDING", "MAX_PENDING_REQUESTS", "IMMEDIATE_REPLY", "STORE_LINES",
          "THROUGHPUT_LINE"):
    s = s.replace("@" + k + "@", os.environ[k])
open(sys.argv[2], "w").write(s)
EOF

# ---------------------------------------------------------------- process control
declare -a PIDS=() NAMES=() SIGS=()
track() { NAMES+=("$1"); PIDS+=("$2"); SIGS+=("$3"); echo "$1 $2" >> "$RUN_DIR/pids"; }

stop_one() {  # name pid signal
  local name=$1 pid=$2 sig=$3 i
  kill -0 "$pid" 2>/dev/null || return 0
  if [ "$sig" = WAIT ]; then   # exits by itself (e.g. at EOF); give it 10 s, then TERM
    for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    sig=TERM
  fi
  kill -"$sig" "$pid" 2>/dev/null || true
  for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  log "$name ($pid) did not exit after SIG$sig, sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  sleep 0.2
}

cleanup() {
  local i
  for ((i=${#PIDS[@]}-1; i>=0; i--)); do stop_one "${NAMES[$i]}" "${PIDS[$i]}" "${SIGS[$i]}"; done
  rm -f "$RUN_DIR/fakesmsc.fifo"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_port() {  # port timeout_s
  local i
  for i in $(seq 1 $(( $2 * 10 ))); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "port $1 did not open"; return 1
}
status_txt() { curl -s --max-time 5 "http://127.0.0.1:$ADMIN_PORT/status.txt?password=bench-status"; }
dlr_count() { curl -s --max-time 5 "http://127.0.0.1:$DLR_PORT/count" || echo "0 0"; }
tap_count() { cat "$RUN_DIR/smsc.count" 2>/dev/null || echo "0 0"; }
# kernel counter of connections dropped because a listen backlog was full (system-wide)
listen_overflows() { awk '/^TcpExt:/ {if (!h) {for (i=1;i<=NF;i++) if ($i=="ListenOverflows") c=i; h=1} else print $c}' /proc/net/netstat 2>/dev/null || echo 0; }

# expected DLR callbacks per message from the fake SMSC driver
DLR_PER_MSG=$(( (DLR_MASK & 1 ? 1 : 0) + (DLR_MASK & 8 ? 1 : 0) ))

# ---------------------------------------------------------------- start
log "run dir $RUN_DIR"
$PY "$HERE/dlr_receiver.py" --port "$DLR_PORT" --out "$RUN_DIR/dlr.tsv" > "$RUN_DIR/dlr_receiver.out" 2>&1 &
track dlr_receiver $! TERM
wait_port "$DLR_PORT" 10

LD_PRELOAD="$PRELOAD" "$BEARERBOX" -v "$LOG_LEVEL" "$RUN_DIR/kannel.conf" > "$RUN_DIR/bearerbox.out" 2>&1 &
track bearerbox $! TERM
wait_port "$ADMIN_PORT" 15
wait_port "$FAKE_PORT" 15

mkfifo "$RUN_DIR/fakesmsc.fifo"
$PY "$HERE/smsc_tap.py" --input "$RUN_DIR/fakesmsc.fifo" --out "$RUN_DIR/smsc.tsv" \
    --count-file "$RUN_DIR/smsc.count" --log "$RUN_DIR/fakesmsc.out" &
track smsc_tap $! WAIT
# -v 0: fakesmsc prints one DEBUG "Got message" line per received message (needed by the tap);
# -m 0: send no MO messages, only receive MT traffic from bearerbox.
LD_PRELOAD="$PRELOAD" "$FAKESMSC" -v 0 -H 127.0.0.1 -r "$FAKE_PORT" -m 0 "100 200 text unused" > "$RUN_DIR/fakesmsc.fifo" 2>&1 &
track fakesmsc $! INT

LD_PRELOAD="$PRELOAD" "$SMSBOX" -v "$LOG_LEVEL" "$RUN_DIR/kannel.conf" > "$RUN_DIR/smsbox.out" 2>&1 &
track smsbox $! TERM
wait_port "$SENDSMS_PORT" 15

for i in $(seq 1 100); do
  st=$(status_txt || true)
  if grep -q 'FAKE:'"$FAKE_PORT"' (online' <<<"$st" && ! grep -q 'No boxes connected' <<<"$st"; then break; fi
  sleep 0.1
done
grep -q 'FAKE:'"$FAKE_PORT"' (online' <<<"$st" || { echo "fake SMSC not online"; echo "$st"; exit 1; }
log "kannel up: bearerbox=${PIDS[1]} smsbox=${PIDS[4]} fakesmsc=${PIDS[3]}"

DLR_URL_ENC=$($PY -c 'import sys,urllib.parse;print(urllib.parse.quote(sys.argv[1], safe=""))' \
  "http://127.0.0.1:$DLR_PORT/dlr?id={id}&type=%d")
# {id} must survive url-encoding so loadgen can fill it in
DLR_URL_ENC=${DLR_URL_ENC//%7Bid%7D/\{id\}}
URL="http://127.0.0.1:$SENDSMS_PORT/cgi-bin/sendsms?username=bench&password=benchpw&from=12345&to=4670{num}&text=${TEXT}+{id}&dlr-mask=$DLR_MASK&dlr-url=$DLR_URL_ENC"
echo "$URL" > "$RUN_DIR/url_template.txt"

wait_counts() {  # want_smsc_idx want_smsc want_dlr timeout   (idx 1 = measured, 2 = warm-up)
  local idx=$1 ws=$2 wd=$3 to=$4 s d t0
  t0=$(date +%s)
  while :; do
    s=$(tap_count | cut -d' ' -f"$idx"); d=$(dlr_count | cut -d' ' -f"$idx")
    if [ "${s:-0}" -ge "$ws" ] && [ "${d:-0}" -ge "$wd" ]; then return 0; fi
    if [ $(( $(date +%s) - t0 )) -ge "$to" ]; then log "drain timeout: smsc=$s/$ws dlr=$d/$wd"; return 1; fi
    sleep 0.2
  done
}

# ---------------------------------------------------------------- warm-up
if [ "$WARMUP" -gt 0 ]; then
  $PY "$HERE/loadgen.py" --url "$URL" -n "$WARMUP" -c "$C" --prefix w --start 1 \
      --deadline 60 --summary "$RUN_DIR/warmup.json" > /dev/null
  wait_counts 2 "$WARMUP" $(( WARMUP * DLR_PER_MSG )) 60 || true
  sleep 1
fi

# ---------------------------------------------------------------- measured run
LO0=$(listen_overflows)
SAMPLED=(bearerbox="${PIDS[1]}" smsbox="${PIDS[4]}" fakesmsc="${PIDS[3]}" smsc_tap="${PIDS[2]}"
         dlr_receiver="${PIDS[0]}")
if [ "$LOADER" = wrk ]; then
  command -v wrk >/dev/null || { echo "wrk not installed (apt-get install -y wrk)"; exit 2; }
  log "load (wrk): ${WRK_SECONDS}s C=$C dlr-mask=$DLR_MASK"
  PATH_TMPL="${URL#http://127.0.0.1:$SENDSMS_PORT}"
  wrk -t1 -c"$C" -d"${WRK_SECONDS}s" --timeout 30s --latency -s "$HERE/sendsms.lua" \
      "http://127.0.0.1:$SENDSMS_PORT" -- "$PATH_TMPL" 10000000 > "$RUN_DIR/wrk.out" 2>&1 &
  WRK_PID=$!
  track wrk "$WRK_PID" INT
  $PY "$HERE/cpu_sampler.py" --out "$RUN_DIR/cpu.json" --interval 0.25 "${SAMPLED[@]}" wrk="$WRK_PID" &
  track cpu_sampler $! TERM
  SAMPLER_PID=$!
  wait "$WRK_PID" || true
  # wrk does not report per-request results: wait until arrivals stop growing
  prev=-1; same=0
  for i in $(seq 1 $(( DRAIN_TIMEOUT * 5 ))); do
    s_=$(tap_count | cut -d' ' -f1); d_=$(dlr_count | cut -d' ' -f1)
    if [ "$s_" = "$prev" ] && [ "$d_" -ge $(( s_ * DLR_PER_MSG )) ]; then same=$((same+1)); else same=0; fi
    [ $same -ge 10 ] && break
    prev=$s_; sleep 0.2
  done
else
  $PY "$HERE/cpu_sampler.py" --out "$RUN_DIR/cpu.json" --interval 0.25 "${SAMPLED[@]}" &
  track cpu_sampler $! TERM
  SAMPLER_PID=$!
  sleep 0.3
  log "load: N=$N C=$C dlr-mask=$DLR_MASK"
  $PY "$HERE/loadgen.py" --url "$URL" -n "$N" -c "$C" --start 10000000 --deadline "$DEADLINE" \
      --out "$RUN_DIR/loadgen.tsv" --summary "$RUN_DIR/loadgen.json" > "$RUN_DIR/loadgen.out"
  ACCEPTED=$($PY -c 'import json,sys;print(json.load(open(sys.argv[1]))["accepted_2xx"])' "$RUN_DIR/loadgen.json")
  log "accepted $ACCEPTED; waiting for fakesmsc and DLR callbacks"
  wait_counts 1 "$ACCEPTED" $(( ACCEPTED * DLR_PER_MSG )) "$DRAIN_TIMEOUT" || true
fi
sleep 0.5
echo $(( $(listen_overflows) - LO0 )) > "$RUN_DIR/listen_overflows"
stop_one cpu_sampler "$SAMPLER_PID" TERM
status_txt > "$RUN_DIR/bearerbox_status.txt" || true
curl -s --max-time 5 "http://127.0.0.1:$ADMIN_PORT/status.xml?password=bench-status" \
  > "$RUN_DIR/bearerbox_status.xml" || true

# ---------------------------------------------------------------- stop (reverse order) + analyse
cleanup
trap - EXIT
$PY "$HERE/analyze.py" "$RUN_DIR" --dlr-per-msg "$DLR_PER_MSG" \
    --meta "LOADER=$LOADER N=$N C=$C DLR_MASK=$DLR_MASK LOG_LEVEL=$LOG_LEVEL SMSBOX_MAX_PENDING=$SMSBOX_MAX_PENDING MAX_PENDING_REQUESTS=$MAX_PENDING_REQUESTS IMMEDIATE_REPLY=$IMMEDIATE_REPLY STORE=$STORE THROUGHPUT=$THROUGHPUT PRELOAD=${PRELOAD##*/}"
