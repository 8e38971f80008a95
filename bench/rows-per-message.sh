#!/usr/bin/env bash
# rows-per-message.sh [N]: tuple writes and WAL per WhatsApp notification (3 statuses, a callback each incl. queued),
# simulator step delay 0, as issue 1/6 measured them: N pushes at concurrency 32, drained, pg_stat deltas. JAR= another jar.
set -euo pipefail
N=${1:-1000}
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAR=${JAR:-$HERE/../target/tidings.jar}
PORT=18611; PGPORT=25611; RPORT=18612
DATA=$(mktemp -d /tmp/rows.XXXX)
ADMIN=ta_rows_0123456789abcdefghijklmnopqrstuvwxyz
JAVA=${JAVA_HOME:?set JAVA_HOME to a JDK >= 21}/bin/java
python3 $HERE/kannel/dlr_receiver_body.py --port $RPORT --out $DATA/dlr.tsv > $DATA/rcv.log 2>&1 & RCV=$!
TIDINGS_DATA_DIR=$DATA TIDINGS_ADMIN_KEY=$ADMIN TIDINGS_DATABASE_PORT=$PGPORT SERVER_PORT=$PORT TIDINGS_SIMULATOR_STEP_DELAY=0ms \
  TIDINGS_WEBHOOKS_ALLOWED_NETWORKS=127.0.0.0/8 $JAVA -Xmx512m -jar $JAR > $DATA/svc.log 2>&1 & J=$!
trap 'kill $J $RCV 2>/dev/null; sleep 3; rm -rf $DATA' EXIT
t0=$(date +%s%3N)
until curl -sf localhost:$PORT/actuator/health | grep -q UP; do sleep 0.1; done
echo "start to healthy: $(( $(date +%s%3N) - t0 )) ms"
api() { curl -sf -X "$1" localhost:$PORT$2 -H "x-api-key: $ADMIN" -H 'Content-Type: application/json' ${3:+-d "$3"}; }
api POST /v1/bots "{\"botId\":\"r\",\"rateLimitPerMinute\":10000000,\"postbackUrl\":\"http://127.0.0.1:$RPORT/dlr\"${EVENTS:+,\"callbackEvents\":$EVENTS}}" >/dev/null
api PUT /v1/bots/r/channels/whatsapp '{"provider":"simulator"}' >/dev/null
api POST /v1/bots/r/templates '{"name":"t","channel":"whatsapp","language":"en","body":"Hi {{1}}","status":"APPROVED"}' >/dev/null
KEY=$(api POST /v1/bots/r/keys '{"name":"k"}' | jq -r .key)
PG="postgresql://postgres@127.0.0.1:$PGPORT/postgres"
snap() { psql "$PG" -qtAX -c "select (select tup_inserted+tup_updated+tup_deleted from pg_stat_database where datname='postgres'), (select wal_bytes from pg_stat_wal), (select wal_records from pg_stat_wal)"; }
tables() { psql "$PG" -qtAX -F' ' -c "select relname, n_tup_ins, n_tup_upd, n_tup_del, n_tup_hot_upd from pg_stat_user_tables where n_tup_ins+n_tup_upd+n_tup_del>0 order by relname"; }
sleep 2; B=$(snap); tables > $DATA/t0
python3 $HERE/kannel/loadgen_post.py --url "http://127.0.0.1:$PORT/api/engagements/notifications/v2/push?bot=r" \
  --body '{"userDetails":{"number":"9198{num}5"},"notification":{"type":"whatsapp","templateId":"t","params":{"1":"x"}},"config":{"customPayload":{"ref":"{id}"}}}' \
  --header "x-api-key: $KEY" -n $N -c 32 --prefix m --start 10000000 --deadline 120 --summary $DATA/lg.json > /dev/null
WANT=$(( N * ${CB:-4} ))
for i in $(seq 1 600); do c=$(curl -s localhost:$RPORT/count | cut -d' ' -f2); [ "${c:-0}" -ge $WANT ] && break; sleep 0.2; done
echo "callbacks: $(curl -s localhost:$RPORT/count)"
prev=""; for i in $(seq 1 30); do sleep 1; A=$(snap); [ "$A" == "$prev" ] && break; prev=$A; done
tables > $DATA/t1
echo "before $B after $A"
awk -v b="$B" -v a="$A" -v n=$N 'BEGIN{split(b,x,"|");split(a,y,"|"); printf "per notification: tuple writes %.2f, WAL %.0f bytes, %.1f records\n",(y[1]-x[1])/n,(y[2]-x[2])/n,(y[3]-x[3])/n}'
psql "$PG" -qtAX -c "select state, attempts, last_status_code, left(last_error,60), count(*) from webhook_delivery group by 1,2,3,4 order by 5 desc limit 10"
psql "$PG" -qtAX -c "select status_code, left(error,50), count(*), avg(duration_ms)::int from webhook_attempt group by 1,2 order by 3 desc limit 10"
join -a2 $DATA/t0 $DATA/t1 | awk -v n=$N 'NF==9{printf "%-22s ins %.2f upd %.2f del %.2f hot %.2f\n",$1,($6-$2)/n,($7-$3)/n,($8-$4)/n,($9-$5)/n} NF==5{printf "%-22s ins %.2f upd %.2f del %.2f hot %.2f\n",$1,$2/n,$3/n,$4/n,$5/n}'
