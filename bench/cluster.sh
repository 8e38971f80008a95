#!/usr/bin/env bash
# bench/cluster.sh: issue 14's cluster scenario. Starts an external Debian PostgreSQL on a
# loopback port (fsync and synchronous_commit on; the package is installed if missing), then
# measures the same two figures with 1 Tidings instance and with 2 instances on that one
# database, and prints the ratio:
#   S1  push API accepted (202)/s, wrk at concurrency C (split over the instances)
#   S3  a campaign of N contacts (created through the first instance) from its creation to
#       every notification's final status and every callback posted, end to end
# On a 2-core box the two instances share the cores: the ratio shows what coordination
# through the database costs, not a speed-up.
#
#   bench/cluster.sh                      (CLUSTER_PUSH_SECONDS=20, CLUSTER_RECIPIENTS=20000)
#   CLUSTER_PUSH_SECONDS=5 CLUSTER_RECIPIENTS=2000 bench/cluster.sh      (a smoke run)
#
# Environment: CLUSTER_CONNECTIONS (64), BENCH_SKIP_BUILD=1 (use target/tidings.jar as it
# is), BENCH_JAVA_OPTS (JVM flags of each instance, default -Xmx512m), BENCH_KEEP=1.
set -Eeuo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
JAR=$ROOT/target/tidings.jar
JAVA=${JAVA_HOME:?set JAVA_HOME to a JDK >= 21}/bin/java
PUSH_SECONDS=${CLUSTER_PUSH_SECONDS:-20}
RECIPIENTS=${CLUSTER_RECIPIENTS:-20000}
CONNECTIONS=${CLUSTER_CONNECTIONS:-64}
ADMIN=ta_cluster_0123456789abcdefghijklmnopqrstuvwxyz
read -r -a JAVA_OPTS <<<"${BENCH_JAVA_OPTS:--Xmx512m}"

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
now_ms() { date +%s%3N; }

WORK=$(mktemp -d /tmp/tidings-cluster.XXXXXX)
chmod 755 "$WORK"
PIDS=()
PGBIN=""
cleanup() {
	local pid
	for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
	for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
	[[ -n $PGBIN && -d $WORK/pg ]] && as_postgres "$PGBIN/pg_ctl" -D "$WORK/pg" -m fast -w stop >/dev/null 2>&1 || true
	if [[ -n ${BENCH_KEEP:-} ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# Debian's pg_ctl and initdb refuse to run as root
as_postgres() {
	if [[ $(id -u) == 0 ]]; then su postgres -s /bin/bash -c "$(printf '%q ' "$@")"; else "$@"; fi
}

# --- the jar and PostgreSQL -----------------------------------------------------------------------
if [[ -z ${BENCH_SKIP_BUILD:-} || ! -f $JAR ]]; then
	log "building (./mvnw -B -q -DskipTests package)"
	(cd "$ROOT" && ./mvnw -B -q -DskipTests package) >"$WORK/build.log" 2>&1 || {
		tail -30 "$WORK/build.log"
		exit 1
	}
fi
if ! compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null; then
	log "installing Debian's postgresql"
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PGPORT=$(free_port)
mkdir -p "$WORK/pg"
[[ $(id -u) == 0 ]] && chown postgres "$WORK/pg"
as_postgres "$PGBIN/initdb" -D "$WORK/pg" -U postgres --auth=trust >"$WORK/initdb.log"
as_postgres "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/server.log" -w \
	-o "-p $PGPORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$WORK/pg -c fsync=on -c synchronous_commit=on -c max_connections=200 -c shared_buffers=256MB -c max_wal_size=2GB" \
	start >/dev/null
log "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT (fsync on)"
sql() { psql "postgresql://postgres@127.0.0.1:$PGPORT/$DB" -qtAX -v ON_ERROR_STOP=1 "$@"; }

RPORT=$(free_port)
python3 "$HERE/kannel/dlr_receiver_body.py" --port "$RPORT" --out "$WORK/callbacks.tsv" >"$WORK/receiver.log" 2>&1 &
PIDS+=($!)

# --- one measurement: INSTANCES instances on a fresh database ---------------------------------------
INSTANCE_PIDS=()
start_instances() { # start_instances DB COUNT
	local i port
	PORTS=()
	for ((i = 0; i < $2; i++)); do
		port=$(free_port)
		PORTS+=("$port")
		SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$PGPORT/$1" SPRING_DATASOURCE_USERNAME=postgres \
			SERVER_PORT=$port TIDINGS_ADMIN_KEY=$ADMIN TIDINGS_DEMO_ENABLED=false TIDINGS_SIMULATOR_STEP_DELAY=0ms \
			TIDINGS_WEBHOOKS_ALLOWED_NETWORKS=127.0.0.0/8 SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE=$((24 / $2 + 4)) \
			"$JAVA" "${JAVA_OPTS[@]}" -jar "$JAR" >"$WORK/$1-instance$i.log" 2>&1 &
		INSTANCE_PIDS+=($!)
		PIDS+=($!)
		# the first one migrates the database
		until curl -sf -m 2 "http://127.0.0.1:$port/actuator/health" | grep -q '"UP"'; do
			kill -0 "${INSTANCE_PIDS[-1]}" 2>/dev/null || {
				tail -30 "$WORK/$1-instance$i.log" >&2
				exit 1
			}
			sleep 0.2
		done
	done
}
stop_instances() {
	local pid
	for pid in "${INSTANCE_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
	for pid in "${INSTANCE_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
	INSTANCE_PIDS=()
}
api() { curl -sf -X "$1" "http://127.0.0.1:${PORTS[0]}$2" -H "x-api-key: $ADMIN" -H 'Content-Type: application/json' ${3:+-d "$3"}; }
# nothing due in the send queue and no callback behind its cursor
drained() {
	[[ $(sql -c "select (select count(*) from notification where due_at < now() + interval '10 seconds')
		+ (select count(*) from callback_cursor c join status_event e
			on e.part = c.part and e.callback and (e.tx, e.seq) > (c.tx, c.seq))") == 0 ]]
}
wait_drained() {
	local t0
	t0=$(date +%s)
	until drained; do
		(($(date +%s) - t0 < 600)) || {
			log "not drained after 600 s"
			exit 1
		}
		sleep 0.5
	done
}

measure() { # measure INSTANCES: sets RESULT to "S1=<accepted/s> S3=<notifications/s>"
	local n=$1 i s1 t0 t1 template bucket
	DB=postgres sql -c "create database tidings$n" >/dev/null
	DB=tidings$n
	start_instances "$DB" "$n"
	api POST /v1/bots '{"botId":"push","rateLimitPerMinute":10000000}' >/dev/null
	api POST /v1/bots "{\"botId\":\"bulk\",\"rateLimitPerMinute\":10000000,\"postbackUrl\":\"http://127.0.0.1:$RPORT/dlr\"}" >/dev/null
	for bot in push bulk; do
		api PUT "/v1/bots/$bot/channels/whatsapp" '{"provider":"simulator"}' >/dev/null
	done
	api POST /v1/bots/push/templates '{"name":"bench_welcome","channel":"whatsapp","language":"en","body":"Hello {{1}}, your order {{2}} is on its way.","status":"APPROVED"}' >/dev/null
	template=$(api POST /v1/bots/bulk/templates '{"name":"bench_bulk","channel":"whatsapp","language":"en","body":"Hello {{name}}, your order is on its way.","status":"APPROVED"}' | jq -r .id)
	KEY=$(api POST /v1/bots/push/keys '{"name":"bench"}' | jq -r .key)
	BULK_KEY=$(api POST /v1/bots/bulk/keys '{"name":"bench"}' | jq -r .key)

	# S1: wrk against every instance at once, the connections split between them
	push() { # push SECONDS FILE-PREFIX
		local pids=() p
		for ((i = 0; i < n; i++)); do
			KEY=$KEY TEMPLATE=bench_welcome BENCH_DIR=$HERE wrk -t1 -c$((CONNECTIONS / n)) -d"$1"s --timeout 30s \
				-s "$HERE/push.lua" "http://127.0.0.1:${PORTS[$i]}/api/engagements/notifications/v2/push?bot=push" \
				>"$WORK/$2-$n-$i.txt" 2>&1 &
			pids+=($!)
		done
		for p in "${pids[@]}"; do wait "$p"; done
	}
	push 5 warmup
	wait_drained
	push "$PUSH_SECONDS" s1
	s1=$(cat "$WORK"/s1-"$n"-*.txt | awk '/^BENCH / { for (i = 1; i <= NF; i++) if ($i ~ /^ok_per_s=/) s += substr($i, 10) } END { printf "%.0f", s }')
	wait_drained

	# S3: a campaign through the first instance, dispatched and called back by all of them
	bucket=$(curl -sf -X POST "http://127.0.0.1:${PORTS[0]}/v1/bots/bulk/buckets" -H "x-api-key: $BULK_KEY" \
		-H 'Content-Type: application/json' -d '{"name":"everyone"}' | jq -r .id)
	sql -c "insert into contact (bucket_id, contact_key, number, attributes)
		select $bucket, '91987' || lpad(g::text, 6, '0') || '5', '91987' || lpad(g::text, 6, '0') || '5',
		  jsonb_build_object('name', 'Person ' || g) from generate_series(1, $RECIPIENTS) g;
		update bucket set contact_count = $RECIPIENTS where id = $bucket;" >/dev/null
	t0=$(now_ms)
	curl -sf -X POST "http://127.0.0.1:${PORTS[0]}/v1/bots/bulk/campaigns" -H "x-api-key: $BULK_KEY" \
		-H 'Content-Type: application/json' -d "{\"name\":\"s3\",\"templateId\":$template,\"bucketId\":$bucket}" >/dev/null
	until [[ $(sql -c "select count(*) from notification where bot_id = 'bulk'") == "$RECIPIENTS" ]] && drained; do
		sleep 0.2
	done
	t1=$(now_ms)
	[[ $(sql -c "select count(*) from notification where bot_id = 'bulk' and status not in ('READ', 'FAILED', 'REPLY')") == 0 ]] ||
		log "S3 with $n: some notifications did not reach a final status"
	stop_instances
	RESULT=$(awk -v s1="$s1" -v n="$RECIPIENTS" -v ms=$((t1 - t0)) 'BEGIN { printf "S1=%s S3=%.0f", s1, n * 1000 / ms }')
}

log "one instance: S1 for ${PUSH_SECONDS}s at concurrency $CONNECTIONS, S3 with $RECIPIENTS contacts"
measure 1
ONE=$RESULT
log "one instance: $ONE"
log "two instances on the same database"
measure 2
TWO=$RESULT
log "two instances: $TWO"

figure() { tr ' ' '\n' <<<"$1" | awk -F= -v k="$2" '$1 == k { print $2 }'; }
echo
echo "# Tidings cluster bench, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, PostgreSQL on 127.0.0.1 (fsync on)"
echo
echo "| scenario | 1 instance | 2 instances | ratio |"
echo "| --- | ---: | ---: | ---: |"
for s in S1 S3; do
	label=$([[ $s == S1 ]] && echo "S1 push accepted (202)/s, concurrency $CONNECTIONS" ||
		echo "S3 campaign of $RECIPIENTS to final status + callbacks, notifications/s")
	a=$(figure "$ONE" "$s")
	b=$(figure "$TWO" "$s")
	echo "| $label | $a | $b | $(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", (a > 0) ? b / a : 0 }') |"
done
