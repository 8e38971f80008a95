#!/usr/bin/env bash
# The Tidings benchmark suite (issue 6/6): builds the jar, starts the service on the
# embedded PostgreSQL with durable commits in a fresh temporary data directory, generates
# its own data, runs the baselines (B2, B3) and every scenario (S1-S7) with bounded load
# generators on loopback, and prints one table. See bench/README.md.
#
#   bench/run.sh            full run: medians over 3 runs, 1M-recipient campaigns, 10M rows for S5
#   bench/run.sh --quick    smoke run (a few minutes): one small run of everything
#   bench/run.sh --summarize bench/results/<timestamp>   the table again, from a run's raw output
#
# Environment (all optional): BENCH_RUNS, BENCH_RECIPIENTS (S2/S3 bucket size),
# BENCH_QUERY_ROWS (S5), BENCH_JAVA_OPTS (JVM flags of the service), TIDINGS_START (aot: the
# extracted jar with a trained AOT cache, the default on JDK 25+; jar: java -jar), BENCH_SKIP_BUILD=1
# (use target/tidings.jar as it is), BENCH_KEEP=1 (keep the temporary data directory),
# BENCH_PROFILE=1 (load pg_stat_statements; each scenario's top statements in statements.txt),
# BENCH_SKIP=S5,S6 (scenarios to leave out while developing), BENCH_SCALE_SMALL/LARGE (S8 sizes,
# bench/scale.sh; S9 = bench/cluster.sh).
set -Eeuo pipefail
shopt -s inherit_errexit

# --- the table, from the raw output alone ------------------------------------------------------
# (so that `bench/run.sh --summarize bench/results/<timestamp>` can derive it again)

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
# field NAME: the value of NAME=value on every input line ("BENCH a=1 b=2" | field b → 2)
field() { awk -v k="$1" '{ for (i = 1; i <= NF; i++) if (index($i, k "=") == 1) print substr($i, length(k) + 2) }'; }
bench_lines() { cat "$@" 2>/dev/null | grep '^BENCH ' || true; }
count_files() { local n=0 f; for f in "$@"; do [[ -f $f ]] && n=$((n + 1)); done; echo "$n"; }

# row SCENARIO FIGURE VALUE UNIT BASELINE-NAME BASELINE-VALUE GOAL-OP GOAL GOAL-TEXT RUNS
row() {
	local scenario=$1 figure=$2 value=$3 unit=$4 bname=$5 bvalue=$6 op=$7 goal=$8 text=$9 runs=${10} ratio="" met=""
	[[ -n $value ]] || value=nan
	if [[ -n $bvalue && $bvalue != nan && $value != nan ]]; then
		ratio=$(awk -v v="$value" -v b="$bvalue" 'BEGIN {printf "%.2f", v / b}')
	fi
	case $op in
	">=") met=$(awk -v v="$value" -v g="$goal" 'BEGIN {print (v >= g) ? "yes" : "no"}') ;;
	"<=") met=$(awk -v v="$value" -v g="$goal" 'BEGIN {print (v <= g) ? "yes" : "no"}') ;;
	">=r") met=$(awk -v r="${ratio:-0}" -v g="$goal" 'BEGIN {print (r >= g) ? "yes" : "no"}') ;;
	">=&r") met=$(awk -v v="$value" -v g="$goal" -v r="${ratio:-0}" -v rg="${11}" 'BEGIN {print (v >= g && r >= rg) ? "yes" : "no"}') ;;
	esac
	[[ $value == nan ]] && met="n/a"
	value=$(awk -v v="$value" 'BEGIN {
		if (v == "nan") { print "n/a"; exit }
		if (v < 100) { printf "%.2f\n", v; exit }
		s = sprintf("%.0f", v); out = ""
		while (length(s) > 3) { out = "," substr(s, length(s) - 2) out; s = substr(s, 1, length(s) - 3) }
		print s out }')
	printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$scenario" "$figure" "$value" "$unit" "$bname" "$ratio" \
		"$text" "$met" "$runs"
}

# work_rows RAW LABEL SCENARIO UNIT [WRITES-GOAL WAL-GOAL]: the database work and CPU per
# notification (per status for S4) of a scenario's WORK lines
work_rows() {
	local raw=$1 label=$2 s=$3 per=$4 wgoal=${5:-} bgoal=${6:-} lines n
	lines=$(grep -h "^WORK scenario=$s " "$raw/work.txt" 2>/dev/null || true)
	[[ -n $lines ]] || return 0
	n=$(grep -c . <<<"$lines")
	row "$label" "$s tuple writes (inserted + updated + deleted) per $per" "$(field writes_per_n <<<"$lines" | median)" "rows" "" "" \
		"${wgoal:+<=}" "$wgoal" "${wgoal:+<= $wgoal rows}" "$n"
	row "$label" "$s WAL bytes per $per" "$(field wal_bytes_per_n <<<"$lines" | median)" "bytes" "" "" \
		"${bgoal:+<=}" "$bgoal" "${bgoal:+<= 3 KB}" "$n"
	row "$label" "$s WAL records per $per" "$(field wal_records_per_n <<<"$lines" | median)" "records" "" "" "" "" "" "$n"
	row "$label" "$s CPU per $per, JVM + PostgreSQL (JVM $(field jvm_ms_per_n <<<"$lines" | median) + PostgreSQL $(field pg_ms_per_n <<<"$lines" | median))" \
		"$(field cpu_ms_per_n <<<"$lines" | median | awk '{printf "%.3f", $1}')" "ms" "" "" "" "" "" "$n"
}

summarize() { # summarize RAW_DIR: the results file's content, on stdout
	local raw=$1 b2 b3 n ms rss
	# shellcheck disable=SC1091
	source "$raw/params.env"
	echo "# Tidings benchmark, $(date -u -d "@$STARTED" '+%Y-%m-%d %H:%M UTC') ($MODE)"
	echo
	sed 's/^/    /' "$raw/facts.txt"
	echo
	echo "| scenario | figure | value | unit | baseline | ratio | goal (2 cores) | met | runs |"
	echo "| --- | --- | ---: | --- | ---: | ---: | --- | --- | ---: |"
	b2=$(grep -h '^B2 ' "$raw/baselines.txt" 2>/dev/null | field rows_per_s | median)
	b3=$(grep -h '^B3 ' "$raw/baselines.txt" 2>/dev/null | field rows_per_s | median)
	n=$(grep -c '^B2 ' "$raw/baselines.txt" 2>/dev/null || true)
	row "B2 baseline" "batched INSERT (JDBC, 1000/commit), notification + its CREATED event" "$b2" "rows/s" "" "" "" "" "measured" "$n"
	row "B3 baseline" "COPY (10,000/commit), notification + its CREATED event" "$b3" "rows/s" "" "" "" "" "measured" "$n"
	n=$(count_files "$raw"/s1-run*.txt)
	if ((n)); then
		row "S1 ingest" "push API (§4) accepted (202)/s, concurrency $CONNECTIONS" \
			"$(bench_lines "$raw"/s1-run*.txt | field ok_per_s | median)" "req/s" "B2" "$b2" ">=&r" 10000 \
			">= 10,000 req/s and >= 50% of B2" "$n" 0.5
		row "S1 ingest" "p50 latency" "$(bench_lines "$raw"/s1-run*.txt | field p50_ms | median)" "ms" "" "" "" "" "" "$n"
		row "S1 ingest" "p99 latency" "$(bench_lines "$raw"/s1-run*.txt | field p99_ms | median)" "ms" "" "" "<=" 50 "<= 50 ms" "$n"
		work_rows "$raw" "S1 ingest" S1 "notification (accept, send, statuses; no callbacks)"
	fi
	n=$(grep -c '^S2 ' "$raw/s2.txt" 2>/dev/null || true)
	if ((n)); then
		ms=$(grep '^S2 ' "$raw/s2.txt" | field ms | median)
		row "S2 fan-out" "campaign to a $(grep '^S2 ' "$raw/s2.txt" | field recipients | head -1)-contact bucket: seconds until all queued (dispatcher competing)" \
			"$(awk -v ms="$ms" 'BEGIN {printf "%.2f", ms / 1000}')" "s" "" "" "<=" 10 "<= 10 s" "$n"
		row "S2 fan-out" "the same as a rate" "$(grep '^S2 ' "$raw/s2.txt" | field rows_per_s | median)" "rows/s" "B3" "$b3" \
			">=r" 0.25 ">= 25% of B3" "$n"
	fi
	n=$(grep -c '^S3 ' "$raw/s3.txt" 2>/dev/null || true)
	if ((n)); then
		row "S3 dispatch" "$(grep '^S3 ' "$raw/s3.txt" | field notifications | head -1) queued notifications to final status + a callback per status, end to end" \
			"$(grep '^S3 ' "$raw/s3.txt" | field notifications_per_s | median)" "notifications/s" "B2" "$b2" ">=" 10000 \
			">= 10,000 notifications/s" "$n"
		work_rows "$raw" "S3 dispatch" S3 "notification (fan-out to final status, a callback per status)" 8 3072
	fi
	n=$(count_files "$raw"/s4-run*.txt)
	if ((n)); then
		row "S4 provider webhooks" "signed WhatsApp status webhooks applied/s (1 status each), concurrency $CONNECTIONS" \
			"$(bench_lines "$raw"/s4-run*.txt | field ok_per_s | median)" "statuses/s" "B2" "$b2" ">=" 20000 \
			">= 20,000 statuses/s" "$n"
		row "S4 provider webhooks" "p99 latency" "$(bench_lines "$raw"/s4-run*.txt | field p99_ms | median)" "ms" "" "" "<=" 50 \
			"<= 50 ms" "$n"
		work_rows "$raw" "S4 provider webhooks" S4 "status webhook (its callback included)"
	fi
	n=$(count_files "$raw"/s5-list-run*.txt)
	if ((n)); then
		row "S5 queries" "§5 list + stats over $QUERY_ROWS notifications of one bot: p95 (concurrency $QUERY_CONNECTIONS)" \
			"$(bench_lines "$raw"/s5-list-run*.txt | field p95_ms | median)" "ms" "" "" "<=" 20 "<= 20 ms" "$n"
		row "S5 queries" "§6 hourly statistics: p95 (concurrency $QUERY_CONNECTIONS)" \
			"$(bench_lines "$raw"/s5-hourly-run*.txt | field p95_ms | median)" "ms" "" "" "<=" 20 "<= 20 ms" "$n"
	fi
	n=$(grep -c 'SMPP throughput' "$raw/s6.txt" 2>/dev/null || true)
	if ((n)); then
		row "S6 SMPP" "submit_sm/s to an in-JVM SMSC, one bind, window 100" \
			"$(grep -o '= [0-9]* submit_sm/s' "$raw/s6.txt" | awk '{print $2}' | median)" "submit_sm/s" "" "" ">=" 5000 \
			">= 5,000/s" "$n"
	fi
	rss=$(grep -o 'VmHWM during S2+S3: [0-9]*' "$raw/s7-rss.txt" 2>/dev/null | awk '{print $NF}' || true)
	if [[ -n $rss ]]; then
		row "S7 footprint" "peak RSS of the service JVM during S2+S3" "$(awk -v k="$rss" 'BEGIN {printf "%.0f", k / 1024}')" \
			"MiB" "" "" "<=" 1024 "<= 1 GiB" 1
	fi
	n=$(grep -c 'startup_ms=' "$raw/s7-startup.txt" 2>/dev/null || true)
	if ((n)); then
		row "S7 footprint" "start-up to healthy, warm (JVM launch to /actuator/health UP)" \
			"$(grep '^restart=' "$raw/s7-startup.txt" | field startup_ms | median | awk '{printf "%.2f", $1 / 1000}')" \
			"s" "" "" "<=" 5 "<= 5 s" "$n"
	fi
	if [[ -s $raw/s9-cluster.md ]]; then # S9: bench/cluster.sh, 1 vs 2 instances on one external PostgreSQL
		echo; echo "S9 cluster (bench/cluster.sh: the same box, an external PostgreSQL; ratio = 2 instances / 1):"; echo
		grep '^|' "$raw/s9-cluster.md"
	fi
	echo
	echo "Figures are medians over the runs shown. Ratios are to the baseline measured in the same run."
	echo "Took $((${FINISHED:-$(date +%s)} - STARTED)) s in all. Raw output: bench/results/$(basename "$raw")/."
	local f errors
	for f in "$raw"/s[0-9]-*.txt; do
		errors=$(bench_lines "$f" | field socket_errors)
		[[ -z $errors || $errors == 0 ]] || echo "$(basename "$f" .txt): $errors socket errors or timeouts (30 s) in wrk" >>"$raw/notes.txt"
	done
	[[ -f $raw/s8-scale.txt ]] && { echo; echo "S8 scale (bench/scale.sh):"; echo; grep '^|' "$raw/s8-scale.txt"; }
	if [[ -s $raw/notes.txt ]]; then
		echo
		echo "Notes:"
		sort -u "$raw/notes.txt" | sed 's/^/- /'
	fi
	echo
	echo "CPU by process during each measured window (100% = one core; $(awk -F': ' '/^cpu:/ {print $2+0}' "$raw/facts.txt") cores):"
	echo
	cat "$raw/cpu.md"
	if [[ -s $raw/work.txt ]]; then
		echo
		echo "Database work per notification, from the load's start to the drain's end (pg_stat_database,"
		echo "pg_stat_wal, pg_stat_user_tables deltas; CPU from /proc; by table in work-tables.txt):"
		echo
		echo "| window | notifications | tuple writes (ins / upd / del) | WAL bytes | WAL records | CPU ms (JVM / PostgreSQL) |"
		echo "| --- | ---: | --- | ---: | ---: | --- |"
		grep -h '^WORK ' "$raw/work.txt" | while read -r line; do
			printf '| %s run %s | %s | %s (%s / %s / %s) | %s | %s | %s (%s / %s) |\n' \
				"$(field scenario <<<"$line")" "$(field run <<<"$line")" "$(field notifications <<<"$line")" \
				"$(field writes_per_n <<<"$line")" "$(field inserted_per_n <<<"$line")" "$(field updated_per_n <<<"$line")" \
				"$(field deleted_per_n <<<"$line")" "$(field wal_bytes_per_n <<<"$line")" "$(field wal_records_per_n <<<"$line")" \
				"$(field cpu_ms_per_n <<<"$line")" "$(field jvm_ms_per_n <<<"$line")" "$(field pg_ms_per_n <<<"$line")"
		done
	fi
}

MODE=full
case "${1:-}" in
	--quick) MODE=quick ;;
	"" | --full) ;;
	--summarize)
		[[ -f ${2:-}/params.env ]] || { echo "usage: bench/run.sh --summarize bench/results/<timestamp>" >&2; exit 2; }
		(trap - ERR; set +e +o pipefail; summarize "${2%/}")
		exit 0
		;;
	-h | --help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "usage: bench/run.sh [--quick | --summarize bench/results/<timestamp>]" >&2; exit 2 ;;
esac

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
export BENCH_DIR=$BENCH

if [[ $MODE == full ]]; then
	RUNS=${BENCH_RUNS:-3}
	BASE_ROWS=200000          # B2/B3 rows per run
	# warm-ups of 40 s: the JVM's C2 compiler defers hot methods while its queue is full and
	# catches up after about 40 s of steady load (bench/README.md, the SMS side by side)
	PUSH_WARMUP=40 PUSH_SECONDS=15
	HOOK_WARMUP=40 HOOK_SECONDS=10 HOOK_PER_RUN=150000 # S4: notifications per run (two statuses each)
	RECIPIENTS=${BENCH_RECIPIENTS:-1000000}
	QUERY_ROWS=${BENCH_QUERY_ROWS:-10000000}
	QUERY_WARMUP=5 QUERY_SECONDS=10
	RESTARTS=3
	SMPP_RUNS=3
	DRAIN_TIMEOUT=3600
else
	RUNS=${BENCH_RUNS:-1}
	BASE_ROWS=20000
	PUSH_WARMUP=3 PUSH_SECONDS=5
	HOOK_WARMUP=2 HOOK_SECONDS=3 HOOK_PER_RUN=20000
	RECIPIENTS=${BENCH_RECIPIENTS:-2000}
	QUERY_ROWS=${BENCH_QUERY_ROWS:-100000}
	QUERY_WARMUP=1 QUERY_SECONDS=2
	RESTARTS=1
	SMPP_RUNS=1
	DRAIN_TIMEOUT=300
fi
CONNECTIONS=64 # S1, S4
STALL_SECONDS=$([[ $MODE == full ]] && echo 180 || echo 20) # wait_quiet gives up when nothing drained for this long
STOP_TIMEOUT=$([[ $MODE == full ]] && echo 60 || echo 20)   # SIGTERM, then SIGKILL after this long
QUERY_CONNECTIONS=4
ADMIN=ta_bench_0123456789abcdefghijklmnopqrstuvwxyz
APP_SECRET=bench-app-secret

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS=$BENCH/results
RAW=$RESULTS/$STAMP
TABLE_FILE=$RESULTS/$STAMP.md
mkdir -p "$RAW"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tidings-bench.XXXXXX")
DATA=$WORK/data
STEP="start"
SERVICE_PID="" RECEIVER_PID="" SAMPLER_PID="" BG_PIDS=()
RUN_STARTED=$(date +%s)

note() { echo "$*" >>"$RAW/notes.txt"; }
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" | tee -a "$RAW/run.log" >&2; }
die() {
	log "FAILED during '$STEP': $*"
	log "raw output: $RAW"
	exit 1
}
on_error() {
	local status=$? line=$1
	log "FAILED during '$STEP' (line $line, exit $status); raw output: $RAW"
	exit "$status"
}
trap 'on_error $LINENO' ERR

# --- process management -------------------------------------------------------------

postmaster_pid() {
	local file=$DATA/postgres/postmaster.pid
	[[ -f $file ]] && head -1 "$file" || true
}

stop_service() {
	[[ -n $SERVICE_PID ]] || return 0
	if kill -0 "$SERVICE_PID" 2>/dev/null; then
		kill -TERM "$SERVICE_PID" 2>/dev/null || true
		local i
		for ((i = 0; i < STOP_TIMEOUT * 10; i++)); do
			kill -0 "$SERVICE_PID" 2>/dev/null || break
			sleep 0.1
		done
		if kill -0 "$SERVICE_PID" 2>/dev/null; then
			log "service did not stop within $STOP_TIMEOUT s; killing it"
			note "the service did not stop within $STOP_TIMEOUT s of SIGTERM and was killed"
			kill -KILL "$SERVICE_PID" 2>/dev/null || true
		fi
	fi
	wait "$SERVICE_PID" 2>/dev/null || true
	# the embedded postmaster normally stops with the JVM; if the JVM was killed it is left
	local pg
	pg=$(postmaster_pid)
	if [[ -n $pg ]] && kill -0 "$pg" 2>/dev/null; then
		kill -TERM "$pg" 2>/dev/null || true
		for ((i = 0; i < 300; i++)); do
			kill -0 "$pg" 2>/dev/null || break
			sleep 0.1
		done
	fi
	SERVICE_PID=""
}

cleanup() {
	local status=$?
	trap - ERR
	set +e
	for pid in "${BG_PIDS[@]}" $SAMPLER_PID; do
		kill "$pid" 2>/dev/null
	done
	stop_service
	if [[ -n $RECEIVER_PID ]]; then
		kill "$RECEIVER_PID" 2>/dev/null
		wait "$RECEIVER_PID" 2>/dev/null
	fi
	if [[ ${BENCH_KEEP:-0} == 1 ]]; then
		log "kept the data directory $WORK"
	else
		rm -rf "$WORK"
	fi
	if ((status != 0)); then
		log "bench failed (exit $status) after $(($(date +%s) - RUN_STARTED)) s; raw output in $RAW"
	fi
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
	local port=$1
	while (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
		port=$((port + 1))
	done
	echo "$port"
}

skipped() { [[ ",${BENCH_SKIP:-}," == *",$1,"* ]]; }

# --- prerequisites ----------------------------------------------------------------------

STEP="checking prerequisites"
for tool in wrk psql curl jq awk unzip; do
	command -v "$tool" >/dev/null || die "$tool is missing (Debian: apt-get install -y wrk postgresql-client curl jq gawk unzip)"
done
if [[ -n ${JAVA_HOME:-} ]]; then JAVA=$JAVA_HOME/bin/java; else JAVA=$(command -v java || true); fi
[[ -x $JAVA ]] || die "no java found: set JAVA_HOME to a JDK >= 21"
JAVA_VERSION=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.runtime.version/ {print $2}')
[[ ${JAVA_VERSION%%.*} -ge 21 ]] 2>/dev/null || die "JDK $JAVA_VERSION is too old: set JAVA_HOME to a JDK >= 21"
export JAVA_HOME=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$JAVA")")")}
CLK_TCK=$(getconf CLK_TCK)

PORT=$(free_port 18080)
PGPORT=$(free_port 25432)
RPORT=$(free_port $((PORT + 1)))
BASE=http://127.0.0.1:$PORT
PG="postgresql://postgres@127.0.0.1:$PGPORT/postgres"
RECEIVER_URL=http://127.0.0.1:$RPORT/hook

log "bench/run.sh $MODE: results in $TABLE_FILE, raw output in $RAW"
cat >"$RAW/params.env" <<EOF
MODE=$MODE
RUNS=$RUNS
CONNECTIONS=$CONNECTIONS
QUERY_CONNECTIONS=$QUERY_CONNECTIONS
QUERY_ROWS=$QUERY_ROWS
RECIPIENTS=$RECIPIENTS
STARTED=$RUN_STARTED
EOF
FREE_GIB=$(df -Pk "$WORK" | awk 'NR == 2 {printf "%d", $4 / 1048576}')
if [[ $MODE == full && $FREE_GIB -lt 40 ]]; then
	die "only $FREE_GIB GiB free under $WORK; the full run writes about 30 GiB (set TMPDIR to a larger disk)"
fi

# --- build ------------------------------------------------------------------------------

STEP="building the jar"
JAR=$ROOT/target/tidings.jar
if [[ ${BENCH_SKIP_BUILD:-0} != 1 ]]; then
	log "building (./mvnw -B -q -DskipTests package)"
	(cd "$ROOT" && ./mvnw -B -q -DskipTests package) >"$RAW/build.log" 2>&1 ||
		die "the build failed; see $RAW/build.log"
fi
[[ -f $JAR ]] || die "$JAR is missing"
unzip -q -o -j "$JAR" 'BOOT-INF/lib/postgresql-*.jar' -d "$WORK/lib" || die "no PostgreSQL driver in $JAR"
PGJDBC=$(ls "$WORK"/lib/postgresql-*.jar | head -1)
# TIDINGS_START=aot (default on JDK 25+): the README's production start, the extracted jar with
# an ahead-of-time cache trained once by bench/aot-cache.sh; TIDINGS_START=jar: java -jar
if [[ -z ${TIDINGS_START:-} ]]; then
	if [[ ${JAVA_VERSION%%[.+-]*} -ge 25 ]]; then TIDINGS_START=aot; else TIDINGS_START=jar; fi
fi
# the README's fixed heap, as a user runs the service (set BENCH_JAVA_OPTS= for the JVM's default,
# a quarter of the machine's memory)
BENCH_JAVA_OPTS=${BENCH_JAVA_OPTS--Xms512m -Xmx512m}
if [[ $TIDINGS_START == aot ]]; then
	STEP="training the AOT cache"
	"$ROOT/bench/aot-cache.sh" "$JAR" "$WORK/app" ${BENCH_JAVA_OPTS:-} >"$RAW/aot-cache.log" 2>&1 ||
		die "bench/aot-cache.sh failed; see $RAW/aot-cache.log and $WORK/app/training.log"
	JAR=$WORK/app/tidings.jar
	BENCH_JAVA_OPTS="-XX:AOTCache=$WORK/app/tidings.aot ${BENCH_JAVA_OPTS:-}"
fi

# --- helpers: HTTP, SQL, CPU accounting ----------------------------------------------------

sql() { psql "$PG" -qtAX -v ON_ERROR_STOP=1 "$@"; }
# DDL on the notification table while the service runs (S3's hold trigger): it locks the
# partitioned table and then each partition, and PostgreSQL may end it, or one of the service's
# transactions (which retry), as a deadlock's victim (run 3 of S3 ended the full run that way,
# 2026-12-02); one statement, so a victim changed nothing, and it is tried again
sql_ddl() {
	local try
	for try in 1 2 3 4 5; do
		sql "$@" 2>"$WORK/ddl.err" && return 0
		grep -q 'deadlock detected' "$WORK/ddl.err" || { cat "$WORK/ddl.err" >&2; return 1; }
		log "deadlock on DDL (try $try), trying again"
		sleep 1
	done
	cat "$WORK/ddl.err" >&2
	return 1
}
# the harness's polls of the queues while they drain: statistics taken before the drain say
# "every row is queued", which makes a sequential scan look cheap for an EXISTS or LIMIT 1
# that in fact finds nothing at the end and reads the whole table on every poll (one such
# plan ran 6 minutes); with sequential scans off they always take their partial index
sql_poll() { PGOPTIONS="${PGOPTIONS:-} -c enable_seqscan=off" sql "$@"; }

# api METHOD PATH [curl args…]: the body of a 2xx answer, else fails with the answer
api() {
	local method=$1 path=$2 out code
	shift 2
	out=$(curl -sS -X "$method" "$BASE$path" -H "x-api-key: $ADMIN" -w '\n%{http_code}' "$@") ||
		die "$method $path: no answer"
	code=${out##*$'\n'}
	out=${out%$'\n'*}
	[[ $code == 2* ]] || die "$method $path answered $code: $out"
	printf '%s' "$out"
}
json() { api "$@" -H 'Content-Type: application/json'; }

# pauses a campaign; one that has already sent everything (a quick run's 2,000 recipients can
# all be sent before the fan-out's timing returns) cannot be paused, and need not be
pause_campaign() {
	local out code
	out=$(curl -sS -X POST "$BASE/v1/bots/bulk/campaigns/$1/pause" -H "x-api-key: $ADMIN" -w '\n%{http_code}') ||
		die "POST /v1/bots/bulk/campaigns/$1/pause: no answer"
	code=${out##*$'\n'}
	out=${out%$'\n'*}
	[[ $code == 2* || ($code == 409 && $out == *COMPLETED*) ]] ||
		die "POST /v1/bots/bulk/campaigns/$1/pause answered $code: $out"
}

now_ms() { date +%s%3N; }

healthy() { curl -sf -m 2 "$BASE/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; }

# start_service: launches the jar and waits for /actuator/health UP; sets STARTUP_MS
start_service() {
	local t0 i
	t0=$(now_ms)
	TIDINGS_DATA_DIR=$DATA TIDINGS_ADMIN_KEY=$ADMIN TIDINGS_DATABASE_PORT=$PGPORT SERVER_PORT=$PORT \
		TIDINGS_SIMULATOR_STEP_DELAY=0ms TIDINGS_WEBHOOKS_ALLOWED_NETWORKS=127.0.0.0/8 \
		"$JAVA" ${BENCH_JAVA_OPTS:-} -jar "$JAR" >>"$RAW/service.log" 2>&1 &
	SERVICE_PID=$!
	for ((i = 0; i < 3000; i++)); do
		kill -0 "$SERVICE_PID" 2>/dev/null || die "the service exited during start-up; see $RAW/service.log"
		if healthy; then
			STARTUP_MS=$(($(now_ms) - t0))
			return 0
		fi
		sleep 0.05
	done
	die "the service was not healthy within 150 s; see $RAW/service.log"
}

# CPU ticks of a process and its reaped children (utime stime cutime cstime); bash builtins
# only, so that sampling costs little
ticks() {
	local stat fields
	read -r stat 2>/dev/null <"/proc/$1/stat" || {
		echo 0
		return
	}
	read -r -a fields <<<"${stat##*) }"
	echo $((fields[11] + fields[12] + fields[13] + fields[14]))
}

# PostgreSQL: the postmaster (whose reaped backends count in its cutime) and its live children
pg_ticks() {
	local pm total child children
	pm=$(postmaster_pid)
	[[ -n $pm ]] || {
		echo 0
		return
	}
	total=$(ticks "$pm")
	children=()
	read -r -a children 2>/dev/null <"/proc/$pm/task/$pm/children" || true # no newline at the end
	for child in "${children[@]}"; do
		total=$((total + $(ticks "$child")))
	done
	echo "$total"
}

# cpu_begin / cpu_end NAME: CPU use by process during a window, in % of one core. The
# window's length is taken from /proc/stat (all ticks / cores), read right next to the
# process samples.
WINDOW=0
cpu_begin() {
	WINDOW=$((WINDOW + 1))
	echo "$WINDOW" >"$RAW/.window"
	CPU_JVM0=$(ticks "$SERVICE_PID")
	CPU_PG0=$(pg_ticks)
	CPU_RCV0=$(ticks "${RECEIVER_PID:-0}")
	CPU_SELF0=$(ticks $$)
	read -r _ CPU_U0 CPU_N0 CPU_S0 CPU_I0 CPU_W0 CPU_Q0 CPU_SQ0 CPU_ST0 _ </proc/stat
}
cpu_end() {
	local name=$1 jvm pg rcv self u n sy i w q sq st busy all
	echo closed >"$RAW/.window"
	jvm=$(($(ticks "$SERVICE_PID") - CPU_JVM0))
	pg=$(($(pg_ticks) - CPU_PG0))
	rcv=$(($(ticks "${RECEIVER_PID:-0}") - CPU_RCV0))
	self=$(($(ticks $$) - CPU_SELF0))
	read -r _ u n sy i w q sq st _ </proc/stat
	busy=$(((u - CPU_U0) + (n - CPU_N0) + (sy - CPU_S0) + (q - CPU_Q0) + (sq - CPU_SQ0) + (st - CPU_ST0)))
	all=$((busy + (i - CPU_I0) + (w - CPU_W0)))
	awk -v n="$name" -v hz="$CLK_TCK" -v jvm="$jvm" -v pg="$pg" -v rcv="$rcv" -v self="$self" \
		-v busy="$busy" -v all="$all" -v cores="$(nproc)" 'BEGIN {
		if (all <= 0) all = 1
		f = 100 * cores / all; other = busy - jvm - pg - rcv - self; if (other < 0) other = 0
		printf "| %s | %.0f | %.0f%% | %.0f%% | %.0f%% | %.0f%% | %.0f%% | %.0f%% |\n", n, all / cores / hz,
			jvm * f, pg * f, self * f, rcv * f, other * f, busy * f
	}' >>"$RAW/cpu.md"
}

# top snapshot of the busiest processes and JVM threads, some seconds into the current
# measured window (skipped if that window has ended by then)
snapshot_later() {
	local name=$1 delay=$2 window=$WINDOW
	(
		# a snapshot is best effort: `head` closing a pipe early (SIGPIPE under pipefail)
		# must not run the failure trap, which reported the whole bench as failed
		trap - ERR
		set +e +o pipefail
		sleep "$delay"
		[[ $(cat "$RAW/.window" 2>/dev/null) == "$window" ]] || exit 0
		{
			echo "== $name"
			# two frames a second apart: the first frame's %CPU is not over an interval
			top -b -n2 -d1 -w 200 | awk '/^top -/ {n++} n == 2' | head -20
			top -H -b -n2 -d1 -w 200 -p "$SERVICE_PID" | awk '/^top -/ {n++} n == 2' | sed -n '7,22p'
			echo "TCP connections to the service / to the receiver, by state:"
			ss -tanH "( sport = :$PORT )" | awk '{print $1}' | sort | uniq -c | tr '\n' ' '
			echo "/"
			ss -tanH "( dport = :$RPORT )" | awk '{print $1}' | sort | uniq -c | tr '\n' ' '
			echo
			echo "PostgreSQL sessions by state and wait event:"
			sql -c "select count(*), state, coalesce(wait_event_type || ':' || wait_event, '-'), left(query, 60)
				from pg_stat_activity where backend_type = 'client backend' and pid <> pg_backend_pid()
				group by 2, 3, 4 order by 1 desc limit 12"
		} >>"$RAW/top.txt" 2>&1
	) &
	BG_PIDS+=($!)
}

# callback-worthy events the callback cursors have not passed yet, per partition (the
# outbox index status_event (part, tx, seq) where callback, one range scan per cursor)
CALLBACK_BACKLOG="(select count(*) from callback_cursor c join status_event e
	on e.part = c.part and e.callback and (e.tx, e.seq) > (c.tx, c.seq))"

# waits until no notification is due or under way in the send queue, no callback event is
# behind its cursor and no webhook retry is due; gives up (with a note, a thread dump and
# PostgreSQL's lock waits in the raw output) when nothing moved for STALL_SECONDS or after
# the timeout
wait_quiet() {
	local what=$1 timeout=${2:-$DRAIN_TIMEOUT} t0 left last=-1 moved
	t0=$(date +%s)
	moved=$t0
	while :; do
		# work due now or within seconds: a retry scheduled minutes ahead is not a backlog;
		# held campaigns ('infinity') are not due
		left=$(sql_poll -c "select (select count(*) from notification where due_at < now() + interval '10 seconds')
			+ $CALLBACK_BACKLOG
			+ (select count(*) from webhook_delivery where state = 'PENDING' and run_at < now() + interval '10 seconds')")
		[[ $left == 0 ]] && break
		if [[ $left != "$last" ]]; then
			last=$left
			moved=$(date +%s)
		fi
		if (($(date +%s) - moved > STALL_SECONDS)); then
			stalled "$what" "$left notifications, callbacks and webhook retries pending, none done for $STALL_SECONDS s"
			return 0
		fi
		if (($(date +%s) - t0 > timeout)); then
			stalled "$what" "$left notifications, callbacks and webhook retries still pending after $timeout s"
			return 0
		fi
		sleep 1
	done
	log "quiet after $what ($(($(date +%s) - t0)) s)"
}

# --- database work per notification (issue 1/6): tuple writes, WAL, CPU ------------------------

# "inserted updated deleted wal_records wal_bytes wal_fpi" of the service's database and
# cluster (wal_fpi: full-page images, written on a page's first change after a checkpoint)
db_counters() {
	sql -F ' ' -c "select d.tup_inserted, d.tup_updated, d.tup_deleted, w.wal_records, w.wal_bytes, w.wal_fpi
		from pg_stat_database d, pg_stat_wal w where d.datname = current_database()"
}
table_counters() { # "table inserted updated deleted hot-updated", one line per table
	sql -F ' ' -c "select relname, n_tup_ins, n_tup_upd, n_tup_del, n_tup_hot_upd from pg_stat_user_tables order by relname"
}
# the counters once they stopped moving. A backend flushes its statistics when it goes idle,
# but at most once a second; one that went idle sooner after its last flush flushes on a
# timer 10 s later (PGSTAT_IDLE_INTERVAL, PostgreSQL 15+). So the reading counts once the
# tables' tuple counters have not moved for 11 s (polled every second, at most 90 s).
# callback_cursor is left out of that test: idle callback workers renew their partition
# leases every ~15 s, which would otherwise never let the counters rest.
settled_counters() {
	local cur last="" since i
	since=$(date +%s)
	for ((i = 0; i < 90; i++)); do
		cur=$(sql -c "select sum(n_tup_ins + n_tup_upd + n_tup_del) from pg_stat_user_tables where relname <> 'callback_cursor'")
		if [[ $cur != "$last" ]]; then
			last=$cur
			since=$(date +%s)
		elif (($(date +%s) - since >= 11)); then
			break
		fi
		sleep 1
	done
	((i < 90)) || note "$1: the statistics counters were still moving after 90 s; the figures include what moved meanwhile"
	db_counters
}

# work_begin / work_end SCENARIO RUN NOTIFICATIONS: the database work and CPU of a window that
# starts before the load and ends after the drain, per notification; one WORK line in
# work.txt, the per-table deltas in work-tables.txt
work_begin() {
	WORK_DB0=$(settled_counters "$1 (before)")
	WORK_TABLES0=$(table_counters)
	WORK_JVM0=$(ticks "$SERVICE_PID")
	WORK_PG0=$(pg_ticks)
	if [[ ${BENCH_PROFILE:-} == 1 ]]; then
		sql -c "select pg_stat_statements_reset()" >/dev/null
	fi
}
work_end() {
	local scenario=$1 run=$2 n=$3 db1 tables1 jvm pg
	# CPU up to the end of the drain (not the wait for the statistics below)
	jvm=$(($(ticks "$SERVICE_PID") - WORK_JVM0))
	pg=$(($(pg_ticks) - WORK_PG0))
	db1=$(settled_counters "$scenario run $run")
	tables1=$(table_counters)
	echo "$WORK_DB0 $db1" | awk -v s="$scenario" -v r="$run" -v n="$n" -v jvm="$jvm" -v pg="$pg" -v hz="$CLK_TCK" '{
		ins = $7 - $1; upd = $8 - $2; del = $9 - $3; rec = $10 - $4; wal = $11 - $5; fpi = $12 - $6
		d = (n > 0) ? n : 1; jms = jvm * 1000 / hz; pms = pg * 1000 / hz
		# %.0f, not %d: mawk caps %d at 2^31 - 1, and S3 writes more WAL bytes than that
		printf "WORK scenario=%s run=%d notifications=%d inserted=%.0f updated=%.0f deleted=%.0f wal_records=%.0f wal_bytes=%.0f wal_fpi=%.0f jvm_ms=%.0f pg_ms=%.0f", s, r, n, ins, upd, del, rec, wal, fpi, jms, pms
		printf " writes_per_n=%.2f inserted_per_n=%.2f updated_per_n=%.2f deleted_per_n=%.2f wal_bytes_per_n=%.0f wal_records_per_n=%.2f wal_fpi_per_n=%.2f cpu_ms_per_n=%.3f jvm_ms_per_n=%.3f pg_ms_per_n=%.3f\n",
			(ins + upd + del) / d, ins / d, upd / d, del / d, wal / d, rec / d, fpi / d, (jms + pms) / d, jms / d, pms / d
	}' | tee -a "$RAW/work.txt" >&2
	{
		echo "== $scenario run $run: tuple writes per notification by table ($n notifications)"
		LC_ALL=C join <(LC_ALL=C sort <<<"$WORK_TABLES0") <(LC_ALL=C sort <<<"$tables1") | awk -v n="$n" '{
			i = $6 - $2; u = $7 - $3; d = $8 - $4; h = $9 - $5
			if (i + u + d > 0) printf "%s inserted=%.2f updated=%.2f deleted=%.2f hot_updated=%.2f total=%d\n", $1, i / n, u / n, d / n, h / n, i + u + d }' |
			sort -t= -k6 -gr
	} >>"$RAW/work-tables.txt"
	if [[ ${BENCH_PROFILE:-} == 1 ]]; then
		{
			echo "== $scenario run $run: the statements that took most of PostgreSQL's time ($n notifications)"
			sql -F ' | ' -P footer=off -c "select round(total_exec_time) as ms, calls, rows,
				round(wal_bytes / greatest($n, 1)) as wal_bytes_per_n, round(wal_fpi::numeric / greatest($n, 1), 3) as fpi_per_n,
				round(shared_blks_dirtied::numeric / greatest($n, 1), 3) as dirtied_per_n,
				left(regexp_replace(query, '\s+', ' ', 'g'), 160) as query
				from pg_stat_statements order by total_exec_time desc limit 20"
		} >>"$RAW/statements.txt"
	fi
}

stalled() { # stalled WHAT MESSAGE
	local file
	file="stall-$(tr -c 'A-Za-z0-9' '-' <<<"$1" | tr -s '-' | sed 's/-$//')"
	log "warning: $1: $2; going on (thread dump and lock waits in $file-*.txt)"
	note "$1: $2 (see $file-threads.txt and $file-locks.txt)"
	"$JAVA_HOME/bin/jcmd" "$SERVICE_PID" Thread.dump_to_file -format=text "$RAW/$file-threads.txt" >/dev/null 2>&1 || true
	sql -c "select pid, state, wait_event_type, wait_event, now() - xact_start as in_transaction, left(query, 100)
		from pg_stat_activity where backend_type = 'client backend' order by xact_start" >"$RAW/$file-locks.txt" 2>&1 || true
}

db_size() { sql -c "select pg_size_pretty(pg_database_size(current_database()))"; }



# --- machine facts ------------------------------------------------------------------------

STEP="collecting machine facts"
{
	echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "mode: $MODE (runs per figure: $RUNS)"
	echo "commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' (with local changes)')"
	echo "cpu: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
	echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
	echo "kernel: $(uname -sr)"
	echo "jdk: $("$JAVA" -version 2>&1 | head -1 | sed 's/"//g') ($JAVA_VERSION)"
	echo "wrk: $({ wrk -v 2>&1 || true; } | head -1 | awk '{print $1, $2}')"
	echo "psql: $(psql --version | head -1)"
	echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$RAW/facts.txt"

# --- start ------------------------------------------------------------------------------

STEP="starting the receiver"
"$JAVA" "$BENCH/Receiver.java" "$RPORT" >"$RAW/receiver.log" 2>&1 &
RECEIVER_PID=$!

STEP="starting the service (cold, fresh data directory)"
mkdir -p "$DATA"
log "starting the service: http $PORT, PostgreSQL $PGPORT, data in $DATA"
start_service
COLD_START_MS=$STARTUP_MS
log "healthy after $COLD_START_MS ms (first start: initdb and migrations)"
for ((i = 0; i < 100; i++)); do
	curl -sf "http://127.0.0.1:$RPORT/count" >/dev/null && break
	sleep 0.1
done
curl -sf "http://127.0.0.1:$RPORT/count" >/dev/null || die "the webhook receiver did not start; see $RAW/receiver.log"
{
	echo "postgresql: $(sql -c 'show server_version')"
	echo "postgresql settings: fsync=$(sql -c 'show fsync'), synchronous_commit=$(sql -c 'show synchronous_commit'), shared_buffers=$(sql -c 'show shared_buffers')"
	echo "service JVM flags: ${BENCH_JAVA_OPTS:-(none)}"
} >>"$RAW/facts.txt"
[[ $(sql -c 'show fsync') == on && $(sql -c 'show synchronous_commit') == on ]] ||
	die "the embedded PostgreSQL does not run with durable commits"
if [[ ${BENCH_PROFILE:-} == 1 ]]; then
	# pg_stat_statements is loaded only at start: set it, restart warm
	STEP="restarting with pg_stat_statements (BENCH_PROFILE=1)"
	sql -c "alter system set shared_preload_libraries = 'pg_stat_statements'" \
		-c "alter system set pg_stat_statements.track = 'all'" >/dev/null
	stop_service
	start_service
	sql -c "create extension if not exists pg_stat_statements" >/dev/null
	echo "BENCH_PROFILE=1: pg_stat_statements loaded (the per-scenario statements in statements.txt)" >>"$RAW/facts.txt"
fi
echo "| window | seconds | JVM | PostgreSQL | harness (wrk, curl, psql) | receiver | other processes | machine busy |" >"$RAW/cpu.md"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |" >>"$RAW/cpu.md"

# --- set-up: bots, channels, templates, keys ----------------------------------------------

STEP="creating the bench bots"
# bot NAME POSTBACK [TEMPLATE BODY]: creates a bot with the simulator on whatsapp, an approved
# template bench_welcome and no practical rate limit; prints its key
bot() {
	local name=$1 postback=$2 text=${3:-'Hello {{1}}, your order {{2}} is on its way.'} body
	body=$(jq -nc --arg id "$name" --arg url "$postback" \
		'{botId: $id, name: $id, rateLimitPerMinute: 10000000} + (if $url == "" then {} else {postbackUrl: $url} end)')
	json POST /v1/bots -d "$body" >/dev/null
	json PUT "/v1/bots/$name/channels/whatsapp" -d '{"provider":"simulator"}' >/dev/null
	json POST "/v1/bots/$name/templates" -d "$(jq -nc --arg text "$text" '{name: "bench_welcome", channel: "whatsapp",
		language: "en", category: "UTILITY", body: $text, status: "APPROVED"}')" >/dev/null
	json POST "/v1/bots/$name/keys" -d '{"name":"bench"}' | jq -r .key
}
PUSH_KEY=$(bot push "")                   # S1: API sends, no webhook
BULK_KEY=$(bot bulk "$RECEIVER_URL" 'Hello {{name}}, your order is on its way.') # S2, S3: campaigns, a webhook per status
META_KEY=$(bot meta "$RECEIVER_URL")      # S4: WhatsApp Cloud number, a webhook per status
REPORTS_KEY=$(bot reports "")             # S5: ten million seeded notifications
json PUT /v1/bots/meta/channels/whatsapp -d "$(jq -nc --arg s "$APP_SECRET" --arg u "http://127.0.0.1:$RPORT" \
	'{provider: "whatsapp-cloud", phoneNumberId: "106540352242922", accessToken: "bench-token", appSecret: $s,
	  verifyToken: "bench", baseUrl: $u}')" >/dev/null
: "$BULK_KEY" "$META_KEY"

# --- B2, B3: baselines ------------------------------------------------------------------------

STEP="B2/B3 baselines"
log "B2/B3: $RUNS x $BASE_ROWS rows, batched INSERT then COPY"
cpu_begin
"$JAVA" -cp "$PGJDBC" "$BENCH/Baselines.java" "jdbc:postgresql://127.0.0.1:$PGPORT/postgres?reWriteBatchedInserts=true" \
	postgres "$BASE_ROWS" "$RUNS" | tee "$RAW/baselines.txt" >&2
cpu_end "B2+B3 baselines"

# --- S1: push ingest ---------------------------------------------------------------------------

push_run() { # push_run NAME SECONDS
	KEY=$PUSH_KEY TEMPLATE=bench_welcome wrk -t2 -c$CONNECTIONS -d"$2"s --timeout 30s --latency -s "$BENCH/push.lua" \
		"$BASE/api/engagements/notifications/v2/push?bot=push" >"$RAW/$1.txt" 2>&1 || die "wrk failed; see $RAW/$1.txt"
	grep -q '^BENCH ' "$RAW/$1.txt" || die "wrk printed no figures; see $RAW/$1.txt"
}
if ! skipped S1; then
	STEP="S1 push ingest"
	log "S1: warm-up ${PUSH_WARMUP}s, then $RUNS x ${PUSH_SECONDS}s at concurrency $CONNECTIONS"
	push_run s1-warmup "$PUSH_WARMUP"
	wait_quiet "S1 warm-up"
	for ((run = 1; run <= RUNS; run++)); do
		work_begin "S1 run $run"
		before=$(sql -c "select count(*) from notification where bot_id = 'push'")
		cpu_begin
		snapshot_later "S1 run $run" $((PUSH_SECONDS / 2))
		push_run "s1-run$run" "$PUSH_SECONDS"
		cpu_end "S1 push ingest, run $run"
		after=$(sql -c "select count(*) from notification where bot_id = 'push'")
		echo "stored: $((after - before))" >>"$RAW/s1-run$run.txt"
		log "S1 run $run: $(grep '^BENCH ' "$RAW/s1-run$run.txt" | cut -c7-), stored $((after - before))"
		wait_quiet "S1 run $run"
		work_end S1 "$run" $((after - before)) # accept, send and statuses (bot push has no callbacks)
	done
fi

# --- S2 + S3: campaign fan-out, then dispatch -------------------------------------------------------

rss_sampler() { # JVM VmRSS and PostgreSQL PSS (KiB), every second
	while :; do
		local pss=0 pm p
		pm=$(postmaster_pid)
		if [[ -n $pm ]]; then
			for p in $pm $(cat /proc/"$pm"/task/*/children 2>/dev/null); do
				pss=$((pss + $(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)))
			done
		fi
		echo "$(date +%s) jvm_rss_kib=$(awk '/^VmRSS/ {print $2}' "/proc/$SERVICE_PID/status") pg_pss_kib=$pss"
		sleep 1
	done
}

# waits until the campaign has queued every recipient; prints the milliseconds since $2
wait_queued() {
	local id=$1 t0=$2 deadline=$(($(date +%s) + DRAIN_TIMEOUT)) c
	while :; do
		c=$(api GET "/v1/bots/bulk/campaigns/$id")
		if [[ $(jq -r '.queued == .total and .total > 0' <<<"$c") == true ]]; then
			echo $(($(now_ms) - t0))
			return 0
		fi
		(($(date +%s) < deadline)) || die "campaign $id had not queued everything after $DRAIN_TIMEOUT s: $c"
		sleep 0.1
	done
}

if ! skipped S2; then
	STEP="S2 bucket import"
	log "S2/S3: importing a bucket of $RECIPIENTS contacts (CSV)"
	awk -v n="$RECIPIENTS" 'BEGIN {
		print "number,name"
		for (i = 0; i < n; i++) printf "9197%07d%s,Name%d\n", int(i / 9), substr("012356789", i % 9 + 1, 1), i
	}' >"$WORK/contacts.csv"
	BUCKET=$(json POST /v1/bots/bulk/buckets -d '{"name":"bench"}' | jq -r .id)
	t0=$(now_ms)
	api POST "/v1/bots/bulk/buckets/$BUCKET/contacts" -H 'Content-Type: text/csv' --data-binary "@$WORK/contacts.csv" \
		>"$RAW/s2-import.json"
	IMPORT_MS=$(($(now_ms) - t0))
	[[ $(jq -r .accepted "$RAW/s2-import.json") == "$RECIPIENTS" ]] ||
		die "the bucket import accepted $(jq -c . "$RAW/s2-import.json" | cut -c1-300) instead of $RECIPIENTS contacts"
	log "imported $RECIPIENTS contacts in $IMPORT_MS ms"
	TEMPLATE_ID=$(api GET /v1/bots/bulk/templates | jq -r '.[] | select(.name == "bench_welcome") | .id')
	wait_quiet "bucket import"

	echo 5 >"/proc/$SERVICE_PID/clear_refs" 2>/dev/null || note "could not reset the JVM's peak RSS before S2; VmHWM covers the whole run"
	rss_sampler >"$RAW/s7-rss.txt" 2>/dev/null &
	SAMPLER_PID=$!

	for ((run = 1; run <= RUNS; run++)); do
		STEP="S2 fan-out, run $run"
		cpu_begin
		snapshot_later "S2 run $run" 2
		t0=$(now_ms)
		campaign=$(json POST /v1/bots/bulk/campaigns -d "{\"name\":\"s2-run$run\",\"templateId\":$TEMPLATE_ID,\"bucketId\":$BUCKET}" | jq -r .id)
		ms=$(wait_queued "$campaign" "$t0")
		cpu_end "S2 fan-out (dispatcher competing), run $run"
		pause_campaign "$campaign" # stop it competing with what follows
		sent=$(sql -c "select count(*) from notification where bot_id = 'bulk' and campaign_id = '$campaign' and status <> 'CREATED'")
		echo "S2 run=$run campaign=$campaign recipients=$RECIPIENTS ms=$ms rows_per_s=$(awk -v n="$RECIPIENTS" -v ms="$ms" 'BEGIN {printf "%.0f", n * 1000 / ms}') sent_meanwhile=$sent" |
			tee -a "$RAW/s2.txt" >&2
		wait_quiet "S2 run $run"

		if ! skipped S3; then
			STEP="S3 filling the queue, run $run"
			# hold the campaign's notifications as they are created ('infinity' = held, as a paused
			# campaign), so the send queue is full before the clock starts
			sql_ddl -c "create or replace function bench_hold() returns trigger language plpgsql as
				\$\$ begin new.due_at := 'infinity'; return new; end \$\$;
				create trigger bench_hold before insert on notification for each row
				when (new.campaign_id is not null and new.due_at is not null) execute function bench_hold();"
			# S3's database work covers each notification's whole life: the fan-out's rows (the
			# notification and its CREATED event), the release, sending, statuses and callbacks
			work_begin "S3 run $run"
			t0=$(now_ms)
			campaign=$(json POST /v1/bots/bulk/campaigns -d "{\"name\":\"s3-run$run\",\"templateId\":$TEMPLATE_ID,\"bucketId\":$BUCKET}" | jq -r .id)
			fill_ms=$(wait_queued "$campaign" "$t0")
			sql_ddl -c "drop trigger bench_hold on notification; drop function bench_hold();"
			echo "S2-idle run=$run campaign=$campaign recipients=$RECIPIENTS ms=$fill_ms rows_per_s=$(awk -v n="$RECIPIENTS" -v ms="$fill_ms" 'BEGIN {printf "%.0f", n * 1000 / ms}')" |
				tee -a "$RAW/s2.txt" >&2
			wait_quiet "S3 fill, run $run"
			queued=$(sql -c "select count(*) from notification where campaign_id = '$campaign' and due_at = 'infinity'")
			[[ $queued == "$RECIPIENTS" ]] || die "S3 expected $RECIPIENTS held notifications, found $queued"
			# fresh statistics for the completion queries below (a plan on stale ones ran 6 minutes)
			sql -c "analyze notification, status_event, webhook_delivery, callback_cursor"
			# every notification final: none left in the send queue. A count, not EXISTS/LIMIT 1:
			# for a first row the planner walked the queue-wide due_at index in order (EXPLAIN),
			# which once S3's rows are gone reads every row S2's paused campaign holds on each
			# poll; for a count it takes the campaign's partial index (campaign_id, due_at) as soon
			# as other campaigns have rows queued, and either way the cost shrinks with what is left
			all_final="select count(*) = 0 from notification where campaign_id = '$campaign' and due_at is not null"
			# every callback sent: no callback event behind any partition's cursor (one index-only
			# range scan of the outbox index per cursor, stopping at the first hit; no join for
			# the planner to get wrong: S3 starts from quiet and its campaign is the only source
			# of events, so this covers the campaign's), and no PENDING retry row of the campaign
			# (rows exist only for failed or slow callbacks; the partial index on PENDING rows,
			# the campaign looked up per row by primary key)
			callbacks_left="select (select count(*) from callback_cursor c cross join lateral (
					select 1 from status_event e where e.part = c.part and e.callback and (e.tx, e.seq) > (c.tx, c.seq)
					limit 1) x)
				+ (select count(*) from webhook_delivery d where d.state = 'PENDING'
					and (select n.campaign_id from notification n where n.id = d.notification_id) = '$campaign')"
			{
				echo "== run $run: $all_final"
				sql_poll -c "explain $all_final"
				echo "== run $run: $callbacks_left"
				sql_poll -c "explain $callbacks_left"
			} >>"$RAW/s3-plans.txt"
			callbacks0=$(curl -sf "http://127.0.0.1:$RPORT/count")

			STEP="S3 dispatch, run $run"
			api POST "/v1/bots/bulk/campaigns/$campaign/pause" >/dev/null
			cpu_begin
			if [[ $MODE == full ]]; then
				snapshot_later "S3 run $run, early" 60
				snapshot_later "S3 run $run, late" 300
			else
				snapshot_later "S3 run $run" 3
			fi
			r0=$(now_ms)
			api POST "/v1/bots/bulk/campaigns/$campaign/resume" >/dev/null # releases every notification at once
			t0=$(now_ms)
			held=$(sql -c "select count(*) from notification where campaign_id = '$campaign' and due_at = 'infinity'")
			[[ $held == 0 ]] || die "S3: resuming the campaign left $held notifications held"
			deadline=$(($(date +%s) + DRAIN_TIMEOUT))
			final_ms=""
			while :; do
				p0=$(now_ms)
				if [[ -z $final_ms && $(sql_poll -c "$all_final") == t ]]; then
					final_ms=$(($(now_ms) - t0))
				fi
				if [[ -n $final_ms && $(sql_poll -c "$callbacks_left") == 0 ]]; then
					break
				fi
				(($(date +%s) < deadline)) || die "S3 had not drained after $DRAIN_TIMEOUT s"
				# the polls' cost grows with what is left: a count over a million queued rows
				# took 1.2 s, and polled every 0.5 s it held a third of PostgreSQL's CPU
				# (pg_stat_statements). So wait 9 times as long as the poll took, at least
				# 0.5 s: the harness takes at most a tenth of a core, and the last polls,
				# over little, are as frequent as before
				sleep "$(awk -v ms="$(($(now_ms) - p0))" 'BEGIN {s = ms * 9 / 1000; printf "%.2f", (s > 0.5) ? s : 0.5}')"
			done
			end_ms=$(($(now_ms) - t0))
			cpu_end "S3 dispatch, run $run"
			work_end S3 "$run" "$RECIPIENTS"
			callbacks=$(($(curl -sf "http://127.0.0.1:$RPORT/count") - callbacks0))
			statuses=$(sql -c "select string_agg(status || ' ' || n, ', ') from (select status, count(*) n from notification
				where bot_id = 'bulk' and campaign_id = '$campaign' group by 1 order by 1) s")
			echo "S3 run=$run campaign=$campaign notifications=$RECIPIENTS release_ms=$((t0 - r0)) final_ms=$final_ms end_ms=$end_ms notifications_per_s=$(awk -v n="$RECIPIENTS" -v ms="$end_ms" 'BEGIN {printf "%.0f", n * 1000 / ms}') callbacks=$callbacks statuses=[$statuses]" |
				tee -a "$RAW/s3.txt" >&2
		fi
	done
	kill "$SAMPLER_PID" 2>/dev/null || true
	wait "$SAMPLER_PID" 2>/dev/null || true
	SAMPLER_PID=""
	log "database size after S2/S3: $(db_size)"
	PEAK_RSS_KIB=$(awk '/^VmHWM/ {print $2}' "/proc/$SERVICE_PID/status")
	PEAK_PG_KIB=$(grep -o 'pg_pss_kib=[0-9]*' "$RAW/s7-rss.txt" | cut -d= -f2 | sort -g | tail -1)
	echo "jvm VmHWM during S2+S3: $PEAK_RSS_KIB KiB; PostgreSQL PSS peak: ${PEAK_PG_KIB:-?} KiB" >>"$RAW/s7-rss.txt"

fi

# --- S5: queries over ten million notifications ------------------------------------------------------

if ! skipped S5; then
	STEP="S5 seeding"
	log "S5: seeding $QUERY_ROWS notifications for bot reports (bench/seed-notifications.sql)"
	t0=$(now_ms)
	sql -v bot=reports -v count="$QUERY_ROWS" -f "$BENCH/seed-notifications.sql" >"$RAW/s5-seed.txt" 2>&1 ||
		die "seeding failed; see $RAW/s5-seed.txt"
	log "seeded in $(($(now_ms) - t0)) ms; database size $(db_size)"
	wait_quiet "S5 seeding"
	STEP="S5 queries"
	{
		echo "/v1/bots/reports/notifications"
		echo "/v1/bots/reports/notifications?page=3"
		echo "/v1/bots/reports/notifications?limit=10&page=40"
		echo "/v1/bots/reports/notifications?elementName=tmpl_2"
		for d in 1 3 7 12 20 29; do
			day=$(date -u -d "-$d days" +%F)
			echo "/v1/bots/reports/notifications?from=$day&to=$day"
			echo "/v1/bots/reports/notifications?elementName=tmpl_4&from=$day"
		done
	} >"$WORK/list-paths.txt"
	for d in $(seq 0 29); do echo "/api/v1/statistics/hourly?date=$(date -u -d "-$d days" +%F)"; done >"$WORK/hourly-paths.txt"
	for p in "$(head -1 "$WORK/list-paths.txt")" "$(head -1 "$WORK/hourly-paths.txt")"; do
		code=$(curl -s -o "$RAW/s5-probe.json" -w '%{http_code}' -H "x-api-key: $REPORTS_KEY" "$BASE$p")
		[[ $code == 200 ]] || die "GET $p answered $code: $(head -c 300 "$RAW/s5-probe.json")"
	done
	query_run() { # query_run NAME PATHS SECONDS
		KEY=$REPORTS_KEY PATHS=$2 wrk -t2 -c$QUERY_CONNECTIONS -d"$3"s --timeout 30s --latency -s "$BENCH/queries.lua" "$BASE" \
			>"$RAW/$1.txt" 2>&1 || die "wrk failed; see $RAW/$1.txt"
		grep -q '^BENCH ' "$RAW/$1.txt" || die "wrk printed no figures; see $RAW/$1.txt"
		grep -q 'non2xx=0 ' "$RAW/$1.txt" || die "some queries failed; see $RAW/$1.txt"
	}
	query_run s5-warmup-list "$WORK/list-paths.txt" "$QUERY_WARMUP"
	query_run s5-warmup-hourly "$WORK/hourly-paths.txt" "$QUERY_WARMUP"
	for ((run = 1; run <= RUNS; run++)); do
		cpu_begin
		query_run "s5-list-run$run" "$WORK/list-paths.txt" "$QUERY_SECONDS"
		cpu_end "S5 list + stats, run $run"
		cpu_begin
		query_run "s5-hourly-run$run" "$WORK/hourly-paths.txt" "$QUERY_SECONDS"
		cpu_end "S5 hourly statistics, run $run"
		log "S5 run $run: list $(grep '^BENCH ' "$RAW/s5-list-run$run.txt" | field p95_ms) ms p95, hourly $(grep '^BENCH ' "$RAW/s5-hourly-run$run.txt" | field p95_ms) ms p95"
	done
fi

# --- S4: provider webhooks ---------------------------------------------------------------------

if ! skipped S4; then
	STEP="S4 provider webhooks"
	log "S4: seeding $(((RUNS + 1) * HOOK_PER_RUN)) sent notifications and signing their webhooks"
	sql -v bot=meta -v count=$(((RUNS + 1) * HOOK_PER_RUN)) -f "$BENCH/seed-sent.sql" >"$RAW/s4-seed.txt" 2>&1 ||
		die "seeding failed; see $RAW/s4-seed.txt"
	# webhooks-0.txt for the warm-up, webhooks-N.txt for run N, each for its own notifications
	"$JAVA" "$BENCH/WebhookBodies.java" "$APP_SECRET" "$HOOK_PER_RUN" $((RUNS + 1)) delivered,read "$WORK/webhooks"
	# one signed body by hand first: a wrong signature or payload must not be measured as speed
	IFS=$'\t' read -r signature body <"$WORK/webhooks-0.txt"
	code=$(curl -s -o "$RAW/s4-probe.txt" -w '%{http_code}' -X POST "$BASE/webhooks/whatsapp/meta" \
		-H 'Content-Type: application/json' -H "X-Hub-Signature-256: $signature" --data-binary "$body")
	[[ $code == 200 ]] || die "a signed webhook answered $code: $(cat "$RAW/s4-probe.txt")"
	[[ $(sql -c "select status from notification where bot_id = 'meta' and internal_id = 'wamid.bench1'") == DELIVERED_USER ]] ||
		die "a signed webhook was accepted but did not move its notification to DELIVERED_USER"
	hook_run() { # hook_run NAME FILE SECONDS
		BODIES=$2 THREADS=2 wrk -t2 -c$CONNECTIONS -d"$3"s --timeout 30s --latency -s "$BENCH/webhooks.lua" \
			"$BASE/webhooks/whatsapp/meta" >"$RAW/$1.txt" 2>&1 || die "wrk failed; see $RAW/$1.txt"
		grep -q '^BENCH ' "$RAW/$1.txt" || die "wrk printed no figures; see $RAW/$1.txt"
	}
	hook_run s4-warmup "$WORK/webhooks-0.txt" "$HOOK_WARMUP"
	wait_quiet "S4 warm-up"
	log "S4: $RUNS x ${HOOK_SECONDS}s at concurrency $CONNECTIONS, one status per webhook"
	for ((run = 1; run <= RUNS; run++)); do
		work_begin "S4 run $run"
		cpu_begin
		snapshot_later "S4 run $run" $((HOOK_SECONDS / 2))
		hook_run "s4-run$run" "$WORK/webhooks-$run.txt" "$HOOK_SECONDS"
		cpu_end "S4 provider webhooks, run $run"
		sql -c "select 'notifications of this run by status: ' || string_agg(status || ' ' || n, ', ') from (
			select status, count(*) n from notification where bot_id = 'meta'
			and internal_id in (select 'wamid.bench' || g from generate_series($((run * HOOK_PER_RUN + 1)), $(((run + 1) * HOOK_PER_RUN))) g)
			group by 1 order by 1) s" >>"$RAW/s4-run$run.txt"
		log "S4 run $run: $(grep '^BENCH ' "$RAW/s4-run$run.txt" | cut -c7-)"
		wait_quiet "S4 run $run"
		work_end S4 "$run" "$(grep '^BENCH ' "$RAW/s4-run$run.txt" | field ok)" # per status webhook, its callback included
	done
	log "database size after S4: $(db_size)"
fi

# --- S7: warm restarts ------------------------------------------------------------------------

STEP="S7 warm restarts"
log "S7: $RESTARTS warm restart(s)"
for ((run = 1; run <= RESTARTS; run++)); do
	t0=$(now_ms)
	stop_service
	stop_ms=$(($(now_ms) - t0))
	sync
	start_service
	echo "restart=$run stop_ms=$stop_ms startup_ms=$STARTUP_MS" | tee -a "$RAW/s7-startup.txt" >&2
done
echo "cold first start (initdb + migrations): $COLD_START_MS ms" >>"$RAW/s7-startup.txt"
stop_service

# --- S6: SMPP ------------------------------------------------------------------------------

if ! skipped S6; then
	STEP="S6 SMPP"
	log "S6: SmppThroughputTests x $SMPP_RUNS (service stopped)"
	for ((run = 1; run <= SMPP_RUNS; run++)); do
		(cd "$ROOT" && ./mvnw -B -q test -Dtest=SmppThroughputTests -Dbench=true -Dsurefire.failIfNoSpecifiedTests=false) \
			>"$RAW/s6-run$run.log" 2>&1 || die "the SMPP test failed; see $RAW/s6-run$run.log"
		grep -h 'SMPP throughput' "$ROOT/target/surefire-reports/io.tidings.channel.smpp.SmppThroughputTests-output.txt" |
			tee -a "$RAW/s6.txt" >&2
	done
fi

# --- S8: scale (issue 14): bench/scale.sh, its own service and database; its table goes under ours ---

if ! skipped S8; then
	STEP="S8 scale"
	if [[ $MODE == quick ]]; then SCALE_ARGS=(20000 60000); else SCALE_ARGS=("${BENCH_SCALE_SMALL:-1000000}" "${BENCH_SCALE_LARGE:-50000000}"); fi
	log "S8: bench/scale.sh ${SCALE_ARGS[*]}"
	SCALE_OUT="$RAW/s8" JAR="$JAR" "$BENCH/scale.sh" "${SCALE_ARGS[@]}" >"$RAW/s8-scale.txt" 2>&1 || die "bench/scale.sh failed; see $RAW/s8-scale.txt"
fi

# --- S9: 1 vs 2 instances on one external PostgreSQL (issue 14; the service is stopped) -------

if ! skipped S9; then
	STEP="S9 cluster"
	log "S9: bench/cluster.sh"
	CLUSTER_PUSH_SECONDS=$PUSH_SECONDS CLUSTER_RECIPIENTS=$((RECIPIENTS < 100000 ? RECIPIENTS : 100000)) BENCH_SKIP_BUILD=1 \
		bash "$BENCH/cluster.sh" >"$RAW/s9-cluster.md" 2>"$RAW/s9-cluster.log" || die "bench/cluster.sh failed; see $RAW/s9-cluster.log"
fi

# --- the table ----------------------------------------------------------------------------

STEP="writing the table"
echo "FINISHED=$(date +%s)" >>"$RAW/params.env"
(trap - ERR; set +e +o pipefail; summarize "$RAW") | LC_ALL=C.UTF-8 tee "$TABLE_FILE"
log "done in $(($(date +%s) - RUN_STARTED)) s; table in $TABLE_FILE"
