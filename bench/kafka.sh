#!/usr/bin/env bash
# bench/kafka.sh: the streams on Kafka (issue 6/6) against the same work without Kafka, in one run.
# Starts one PostgreSQL (Debian's server binaries, a throw-away cluster), a single-node KRaft
# broker as its own process from the Maven artifacts (org.apache.kafka:kafka_2.13, copied by
# ./mvnw), then for each mode (plain: no Kafka; kafka: TIDINGS_KAFKA_BOOTSTRAP_SERVERS) two
# Tidings instances against that PostgreSQL (a fresh database each mode), and runs through both
# instances at once:
#   S1  push ingest: wrk push.lua against each instance for S1_SECONDS (bot without callbacks)
#   S3  dispatch end to end: N pushes (bot with a postback URL) spread over both instances, from
#       accepted to final status with a callback per status (the receiver counts them)
#   S4  provider webhooks: HOOKS seeded sent notifications, signed Meta status webhooks
#       (delivered, read) posted by wrk to both instances, until applied and called back
# Per scenario and mode it prints the database's tuple writes (pg_stat_database deltas) per
# message and the CPU seconds of each process (instance A, instance B, PostgreSQL, the broker).
#
#   bench/kafka.sh                        N=20000 HOOKS=20000 S1_SECONDS=20 WARMUP_SECONDS=10 (a few minutes)
#   N=300 HOOKS=300 S1_SECONDS=3 CONNECTIONS=8 bench/kafka.sh   smoke run (S1 and S4 measure few messages then)
#
# Needs wrk, psql, curl, jq and Debian's postgresql server (apt-get install -y wrk postgresql
# postgresql-client curl jq). Every process it starts is stopped by its PID when it exits.
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
N=${N:-20000}
HOOKS=${HOOKS:-20000}
S1_SECONDS=${S1_SECONDS:-20}
WARMUP_SECONDS=${WARMUP_SECONDS:-10}
CONNECTIONS=${CONNECTIONS:-32}
if [[ -z ${JAVA_HOME:-} ]]; then JAVA_HOME=$(ls -d /usr/lib/jvm/*25* /usr/lib/jvm/*21* 2>/dev/null | head -1 || true); fi
export JAVA_HOME
JAVA=$JAVA_HOME/bin/java
JAR=${TIDINGS_JAR:-$ROOT/target/tidings.jar}
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
WORK=$(mktemp -d /tmp/tidings-kafka-bench.XXXX)
chmod 755 "$WORK"
ADMIN=ta_kafka_bench_0123456789abcdefghijklmnopqrst
APP_SECRET=kafka-bench-secret
CLK_TCK=$(getconf CLK_TCK)

log() { printf '[kafka.sh %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

PIDS=()
cleanup() {
	local status=$? pid
	set +e
	for pid in "${PIDS[@]}"; do [[ -n $pid ]] && kill -TERM "$pid" 2>/dev/null; done
	for pid in "${PIDS[@]}"; do
		[[ -n $pid ]] || continue
		for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$pid" 2>/dev/null
	done
	[[ -n ${PGDATA:-} && -f $PGDATA/postmaster.pid ]] && as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null 2>&1
	[[ -n ${BENCH_KEEP:-} ]] && log "kept $WORK" || rm -rf "$WORK"
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in wrk psql curl jq python3; do command -v $tool >/dev/null || die "$tool is missing"; done
[[ -x $PGBIN/initdb ]] || die "no PostgreSQL server binaries (Debian: apt-get install -y postgresql)"
[[ -x $JAVA ]] || die "set JAVA_HOME to a JDK >= 21"

# --- the jar and the broker's artifacts --------------------------------------------------------
if [[ ! -f $JAR ]]; then
	log "building $JAR"
	(cd "$ROOT" && ./mvnw -B -q -ntp -DskipTests package)
fi
KAFKA_VERSION=$(cd "$ROOT" && ./mvnw -q -ntp help:evaluate -Dexpression=kafka.version -DforceStdout 2>/dev/null || true)
[[ $KAFKA_VERSION =~ ^[0-9] ]] || KAFKA_VERSION=4.2.1
LIB=$ROOT/target/kafka-broker-$KAFKA_VERSION
if [[ ! -d $LIB ]]; then
	log "copying org.apache.kafka:kafka_2.13:$KAFKA_VERSION and its dependencies to $LIB"
	mkdir -p "$WORK/broker-pom"
	cat >"$WORK/broker-pom/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>bench</groupId><artifactId>kafka-broker</artifactId><version>1</version>
<dependencies><dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$KAFKA_VERSION</version></dependency>
<dependency><groupId>org.slf4j</groupId><artifactId>slf4j-simple</artifactId><version>2.0.17</version></dependency></dependencies></project>
EOF
	(cd "$ROOT" && ./mvnw -B -q -ntp -f "$WORK/broker-pom/pom.xml" dependency:copy-dependencies \
		-DincludeScope=runtime -DoutputDirectory="$LIB") || die "could not copy the broker's artifacts"
fi

# --- PostgreSQL ----------------------------------------------------------------------------------
as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
PGPORT=$(free_port)
PGDATA=$WORK/pg
mkdir -p "$PGDATA"
[[ $(id -u) == 0 ]] && chown postgres "$PGDATA"
as_pg "$PGBIN/initdb" -D "$PGDATA" -U postgres -A trust >"$WORK/initdb.log" 2>&1 || die "initdb (see $WORK/initdb.log)"
as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -w -l "$PGDATA/server.log" \
	-o "-p $PGPORT -k $PGDATA -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=256MB -c fsync=on -c synchronous_commit=on" \
	start >/dev/null || die "PostgreSQL did not start"
PG="postgresql://postgres@127.0.0.1:$PGPORT"
sql() { psql "$PG/$1" -qtAX "${@:2}"; }
log "PostgreSQL $(sql postgres -c 'show server_version') on port $PGPORT"

# --- the broker ----------------------------------------------------------------------------------
KPORT=$(free_port)
KCPORT=$(free_port)
mkdir -p "$WORK/kafka"
cat >"$WORK/kafka/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KCPORT
listeners=PLAINTEXT://127.0.0.1:$KPORT,CONTROLLER://127.0.0.1:$KCPORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KPORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$WORK/kafka/logs
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
EOF
CLUSTER_ID=$("$JAVA" -cp "$LIB/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)
"$JAVA" -cp "$LIB/*" kafka.tools.StorageTool format -t "$CLUSTER_ID" -c "$WORK/kafka/server.properties" \
	>"$WORK/kafka/format.log" 2>&1 || die "formatting the broker's log (see $WORK/kafka/format.log)"
"$JAVA" -Xmx512m -cp "$LIB/*" kafka.Kafka "$WORK/kafka/server.properties" >"$WORK/kafka/broker.log" 2>&1 &
BROKER=$!
PIDS+=("$BROKER")
for _ in $(seq 1 300); do (echo >/dev/tcp/127.0.0.1/$KPORT) 2>/dev/null && break; sleep 0.2; done
(echo >/dev/tcp/127.0.0.1/$KPORT) 2>/dev/null || die "the broker did not start (see $WORK/kafka/broker.log)"
log "KRaft broker $KAFKA_VERSION on 127.0.0.1:$KPORT (pid $BROKER)"

# --- the callback receiver -----------------------------------------------------------------------
RPORT=$(free_port)
"$JAVA" "$BENCH/Receiver.java" "$RPORT" >"$WORK/receiver.log" 2>&1 &
PIDS+=("$!")
for _ in $(seq 1 300); do curl -sf "localhost:$RPORT/count" >/dev/null && break; sleep 0.2; done
received() { curl -sf "localhost:$RPORT/count"; }

cpu_of() { # utime+stime of a pid and its reaped children, in ticks
	awk '{print $14+$15+$16+$17}' "/proc/$1/stat" 2>/dev/null || echo 0
}
pg_cpu() { # the postmaster and its backends
	local pm total=0 p
	pm=$(head -1 "$PGDATA/postmaster.pid")
	total=$(cpu_of "$pm")
	for p in $(pgrep -P "$pm"); do total=$((total + $(cpu_of "$p"))); done
	echo "$total"
}
writes() { sql "$1" -c "select tup_inserted + tup_updated + tup_deleted from pg_stat_database where datname = '$1'"; }

RESULTS=$WORK/results.txt
: >"$RESULTS"

start_instance() { # name port db [kafka]
	local name=$1 port=$2 db=$3 kafka=${4:-}
	env TIDINGS_ADMIN_KEY=$ADMIN SERVER_PORT=$port TIDINGS_SIMULATOR_STEP_DELAY=0ms TIDINGS_DEMO_ENABLED=false \
		TIDINGS_WEBHOOKS_ALLOWED_NETWORKS=127.0.0.0/8 SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$PGPORT/$db" \
		SPRING_DATASOURCE_USERNAME=postgres SPRING_DATASOURCE_PASSWORD= \
		${kafka:+TIDINGS_KAFKA_BOOTSTRAP_SERVERS=$kafka} \
		"$JAVA" -Xms512m -Xmx512m -jar "$JAR" >"$WORK/$name.log" 2>&1 &
	LAST_PID=$!
	PIDS+=("$LAST_PID")
}
wait_healthy() {
	for _ in $(seq 1 600); do curl -sf "localhost:$1/actuator/health" 2>/dev/null | grep -q UP && return 0; sleep 0.2; done
	die "instance on port $1 did not become healthy"
}

# waits until nothing is due, every callback is out and (optionally) the receiver has WANT callbacks
drain() { # db want
	local db=$1 want=${2:-0} left prev="" same=0
	for _ in $(seq 1 1800); do
		left=$(sql "$db" -c "select (select count(*) from notification where due_at < now() + interval '10 seconds')
			+ (select count(*) from webhook_delivery where state = 'PENDING' and run_at < now() + interval '10 seconds')
			+ (select count(*) from status_event e join callback_cursor c on c.part = e.part where e.callback and (e.tx, e.seq) > (c.tx, c.seq))")
		if [[ $left == 0 && $(received) -ge $want ]]; then
			# the Kafka consumers may still hold relayed callbacks: wait until the count stops moving
			[[ $(received) == "$prev" ]] && same=$((same + 1)) || same=0
			prev=$(received)
			((same >= 3)) && return 0
		fi
		sleep 0.5
	done
	log "still pending after 15 min: $left (received $(received) of $want)"
}

measure() { # mode scenario db messages: the deltas since begin
	local mode=$1 scenario=$2 db=$3 n=$4
	local w1 a1 b1 p1 k1
	w1=$(writes "$db")
	a1=$(cpu_of "$A_PID")
	b1=$(cpu_of "$B_PID")
	p1=$(pg_cpu)
	k1=$(cpu_of "$BROKER")
	awk -v m="$mode" -v s="$scenario" -v n="$n" -v w="$((w1 - W0))" -v a="$((a1 - A0))" -v b="$((b1 - B0))" \
		-v p="$((p1 - P0))" -v k="$((k1 - K0))" -v hz="$CLK_TCK" -v kafka="$([[ $mode == kafka ]] && echo 1 || echo 0)" \
		'BEGIN { printf "%s|%s|%d|%.2f|%.1f|%.1f|%.1f|%s\n", s, m, n, (n > 0 ? w / n : 0), a / hz, b / hz, p / hz, (kafka ? sprintf("%.1f", k / hz) : "-") }' \
		>>"$RESULTS"
}
begin() {
	W0=$(writes "$1")
	A0=$(cpu_of "$A_PID")
	B0=$(cpu_of "$B_PID")
	P0=$(pg_cpu)
	K0=$(cpu_of "$BROKER")
}

api() { curl -sf -X "$1" "localhost:$A_PORT$2" -H "x-api-key: $ADMIN" -H 'Content-Type: application/json' ${3:+-d "$3"}; }

run_mode() { # mode
	local mode=$1 db=tidings_$1 kafka="" before
	[[ $mode == kafka ]] && kafka=127.0.0.1:$KPORT
	sql postgres -c "create database $db" >/dev/null
	A_PORT=$(free_port)
	B_PORT=$(free_port)
	start_instance "a-$mode" "$A_PORT" "$db" "$kafka"
	A_PID=$LAST_PID
	wait_healthy "$A_PORT" # A migrates the schema before B starts
	start_instance "b-$mode" "$B_PORT" "$db" "$kafka"
	B_PID=$LAST_PID
	wait_healthy "$B_PORT"
	log "$mode: instances on $A_PORT (pid $A_PID) and $B_PORT (pid $B_PID)"
	api POST /v1/bots '{"botId":"push","rateLimitPerMinute":10000000}' >/dev/null
	api POST /v1/bots "{\"botId\":\"bulk\",\"rateLimitPerMinute\":10000000,\"postbackUrl\":\"http://127.0.0.1:$RPORT/hook\"}" >/dev/null
	api POST /v1/bots "{\"botId\":\"meta\",\"rateLimitPerMinute\":10000000,\"postbackUrl\":\"http://127.0.0.1:$RPORT/hook\"}" >/dev/null
	for bot in push bulk; do
		api PUT "/v1/bots/$bot/channels/whatsapp" '{"provider":"simulator"}' >/dev/null
		api POST "/v1/bots/$bot/templates" '{"name":"t","channel":"whatsapp","language":"en","body":"Hi {{1}} {{2}}","status":"APPROVED"}' >/dev/null
	done
	api PUT /v1/bots/meta/channels/whatsapp "{\"provider\":\"whatsapp-cloud\",\"phoneNumberId\":\"1\",\"accessToken\":\"x\",\"appSecret\":\"$APP_SECRET\",\"verifyToken\":\"v\",\"baseUrl\":\"http://127.0.0.1:9\"}" >/dev/null
	PUSH_KEY=$(api POST /v1/bots/push/keys '{"name":"k"}' | jq -r .key)
	BULK_KEY=$(api POST /v1/bots/bulk/keys '{"name":"k"}' | jq -r .key)

	# warm-up (JIT, connection pools), not measured
	local loads=()
	for port in $A_PORT $B_PORT; do
		KEY=$PUSH_KEY TEMPLATE=t BENCH_DIR=$BENCH wrk -t1 -c$((CONNECTIONS / 2)) -d"${WARMUP_SECONDS}s" --timeout 10s \
			-s "$BENCH/push.lua" "http://127.0.0.1:$port/api/engagements/notifications/v2/push?bot=push" >/dev/null 2>&1 &
		loads+=($!)
	done
	wait "${loads[@]}"
	drain "$db"

	# S1: push ingest through both instances
	begin "$db"
	before=$(sql "$db" -c "select count(*) from notification")
	loads=()
	for port in $A_PORT $B_PORT; do
		KEY=$PUSH_KEY TEMPLATE=t BENCH_DIR=$BENCH wrk -t1 -c$((CONNECTIONS / 2)) -d"${S1_SECONDS}s" --timeout 10s \
			-s "$BENCH/push.lua" "http://127.0.0.1:$port/api/engagements/notifications/v2/push?bot=push" \
			>"$WORK/s1-$mode-$port.txt" 2>&1 &
		loads+=($!)
	done
	wait "${loads[@]}"
	drain "$db"
	measure "$mode" S1 "$db" $(($(sql "$db" -c "select count(*) from notification") - before))
	log "$mode S1 done"

	# S3: N pushes with a callback per status, through both instances, to final status and called back
	begin "$db"
	before=$(received)
	python3 - "$A_PORT" "$B_PORT" "$BULK_KEY" "$N" "$CONNECTIONS" <<'EOF'
import sys, threading, urllib.request
a, b, key, n, c = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
lock = threading.Lock(); state = {"i": 0}
digits = "012356789"
def worker():
    while True:
        with lock:
            i = state["i"]; state["i"] += 1
        if i >= n: return
        port = a if i % 2 == 0 else b
        body = ('{"userDetails":{"number":"9197%07d%s"},"notification":{"type":"whatsapp","templateId":"t",'
                '"params":{"1":"A","2":"B"}}}') % (i, digits[i % 9])
        req = urllib.request.Request("http://127.0.0.1:%s/api/engagements/notifications/v2/push?bot=bulk" % port,
            data=body.encode(), headers={"x-api-key": key, "Content-Type": "application/json"})
        urllib.request.urlopen(req, timeout=30).read()
ts = [threading.Thread(target=worker) for _ in range(c)]
[t.start() for t in ts]; [t.join() for t in ts]
EOF
	drain "$db" $((before + N))
	measure "$mode" S3 "$db" "$N"
	log "$mode S3 done ($(($(received) - before)) callbacks)"

	# S4: signed Meta status webhooks (delivered, read) through both instances
	sql "$db" -v bot=meta -v count="$HOOKS" -f "$BENCH/seed-sent.sql" >"$WORK/s4-seed-$mode.txt" 2>&1
	"$JAVA" "$BENCH/WebhookBodies.java" "$APP_SECRET" $((HOOKS / 2)) 2 delivered,read "$WORK/hooks-$mode"
	begin "$db"
	before=$(received)
	local i=0
	loads=()
	for port in $A_PORT $B_PORT; do
		# each instance gets its own half of the notifications, each body once
		BODIES=$WORK/hooks-$mode-$i.txt THREADS=1 BENCH_DIR=$BENCH wrk -t1 -c$((CONNECTIONS / 2)) -d"${S1_SECONDS}s" \
			--timeout 10s -s "$BENCH/webhooks.lua" "http://127.0.0.1:$port/webhooks/whatsapp/meta" \
			>"$WORK/s4-$mode-$port.txt" 2>&1 &
		loads+=($!)
		i=$((i + 1))
	done
	wait "${loads[@]}"
	drain "$db"
	local applied
	# the stages the notifications reached (the row keeps each one's time; the event log only
	# what is called back) and the statuses after an outcome, which only the event log keeps
	applied=$(sql "$db" -c "select (select count(*) + count(delivery_channel_at) + count(delivery_user_at) + count(read_at)
	    + count(replied_at) + count(failed_at) from notification where bot_id = 'meta')
	  + (select count(*) from status_event e join notification n on n.id = e.notification_id
	    where n.bot_id = 'meta' and not e.callback)")
	measure "$mode" S4 "$db" "$applied"
	log "$mode S4 done ($applied statuses applied)"

	kill -TERM "$A_PID" "$B_PID"
	wait "$A_PID" "$B_PID" 2>/dev/null || true
	PIDS=("${PIDS[@]/$A_PID/}")
	PIDS=("${PIDS[@]/$B_PID/}")
}

run_mode plain
run_mode kafka

echo
echo "Tidings with and without Kafka: two instances, one PostgreSQL, one KRaft broker (N=$N, HOOKS=$HOOKS, S1 ${S1_SECONDS}s)"
echo
echo "| scenario | mode | messages | tuple writes / message | CPU s instance A | CPU s instance B | CPU s PostgreSQL | CPU s broker |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
sort -t'|' -k1,1 -s "$RESULTS" | awk -F'|' '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8 }'
echo
echo "S1: pushes without callbacks (messages = rows stored); S3: pushes with a callback per status, to final status;"
echo "S4: Meta status webhooks (messages = statuses applied). Logs: BENCH_KEEP=1 keeps $WORK."
