#!/usr/bin/env bash
# Start-up to healthy (issue 1/6 point 7, issue 2/6 point 5): wall time from launching the
# command to the first /actuator/health UP, the application JVM's CPU seconds by then and,
# for ./mvnw, Maven's own JVM's CPU seconds, on a warm data directory (embedded PostgreSQL,
# already migrated), for:
#   readme      ./mvnw spring-boot:run, the README's command (its second start: the first one
#               writes the AOT cache, JDK 25+, or the class data sharing archive when it exits)
#   kill-9      the same command after the previous application JVM was killed with SIGKILL
#               (its embedded PostgreSQL left running)
#   jar         java -Xms512m -Xmx512m -jar target/tidings.jar
#   jar-aot     the extracted jar with a trained AOT cache (JDK 24+; skipped on older JDKs)
#
#   bench/startup.sh            3 starts of each, medians
#   RUNS=1 bench/startup.sh     one of each
#   KINDS="readme kill-9" bench/startup.sh   only those (default: all four)
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-3}
KINDS=" ${KINDS:-readme kill-9 jar jar-aot} "
if [[ -z ${JAVA_HOME:-} ]]; then
	JAVA_HOME=$(ls -d /usr/lib/jvm/*25* /usr/lib/jvm/*21* 2>/dev/null | head -1 || true)
fi
export JAVA_HOME
JAVA=$JAVA_HOME/bin/java
PORT=${PORT:-18580}
PGPORT=${PGPORT:-25580}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tidings-startup.XXXXXX")
DATA=$WORK/data
LOG=$WORK/service.log
OUT=${OUT:-$ROOT/bench/results/startup-$(date -u +%Y%m%dT%H%M%SZ).txt}
mkdir -p "$(dirname "$OUT")"
export TIDINGS_DATA_DIR=$DATA SERVER_PORT=$PORT TIDINGS_DATABASE_PORT=$PGPORT TIDINGS_ADMIN_KEY=ta_startup_0123456789abcdefghijklmnopqrstuvw

log() { printf '[startup %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
now_ms() { date +%s%3N; }
healthy() { curl -sf -m 1 "http://127.0.0.1:$PORT/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; }
# the application JVM: the one listening on PORT
app_pid() { ss -Hltnp "( sport = :$PORT )" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2; }
cpu_s() { awk '{printf "%.2f", ($14 + $15) / 100}' "/proc/$1/stat" 2>/dev/null || echo "?"; }

LAUNCHED=""
cleanup() {
	local pid
	pid=$(app_pid || true)
	[[ -n $pid ]] && kill -TERM "$pid" 2>/dev/null
	[[ -n $LAUNCHED ]] && kill -TERM "$LAUNCHED" 2>/dev/null
	sleep 2
	pkill -f "postgres -D $DATA/postgres" 2>/dev/null || true
	rm -rf "$WORK"
}
trap cleanup EXIT

# launch COMMAND...: runs COMMAND in the background, waits for health; sets W (ms), C (the
# application JVM's CPU s) and M (the launcher's CPU s when it is another JVM: Maven's)
launch() {
	local t0 i pid
	t0=$(now_ms)
	"$@" >>"$LOG" 2>&1 &
	LAUNCHED=$!
	for ((i = 0; i < 6000; i++)); do
		if healthy; then
			pid=$(app_pid)
			W=$(($(now_ms) - t0))
			C=$(cpu_s "$pid")
			M=-
			[[ $pid != "$LAUNCHED" ]] && M=$(cpu_s "$LAUNCHED")
			return 0
		fi
		kill -0 "$LAUNCHED" 2>/dev/null || { log "exited during start-up; see $LOG"; tail -20 "$LOG" >&2; exit 1; }
		sleep 0.05
	done
	log "not healthy within 300 s"
	exit 1
}

# stop [KILL]: SIGTERM (graceful) or SIGKILL to the application JVM, then waits for the launcher
stop() {
	local pid
	pid=$(app_pid)
	kill "-${1:-TERM}" "$pid"
	for ((i = 0; i < 3000; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	if [[ ${1:-TERM} == KILL ]]; then
		kill -TERM "$LAUNCHED" 2>/dev/null || true
	fi
	wait "$LAUNCHED" 2>/dev/null || true
	LAUNCHED=""
}

median() { sort -n | awk '{a[NR] = $1} END {if (NR == 0) print "?"; else print a[int((NR + 1) / 2)]}'; }

cd "$ROOT"
log "building (package, and the classes jar spring-boot:run uses)"
./mvnw -B -q -DskipTests package >"$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log"; exit 1; }
rm -f target/spring-boot-run.jsa target/spring-boot-run.aot

declare -A WALL CPU MVN
record() {
	WALL[$1]+="$2 "; CPU[$1]+="$3 "; MVN[$1]+="$4 "
	log "$1: $2 ms to healthy, $3 s of application CPU, launcher CPU $4 s (load $(cut -d' ' -f1-3 /proc/loadavg))"
}
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)

log "first start: initdb and migrations, then the run that writes the AOT cache (or CDS archive) on exit"
launch ./mvnw -B -q spring-boot:run
log "cold start (initdb, migrations, training run, no cache): $W ms, $C s CPU, Maven $M s"
stop TERM
wanted() { [[ $KINDS == *" $1 "* ]]; }
for ((r = 1; r <= RUNS; r++)); do
	if wanted readme || wanted kill-9; then
		launch ./mvnw -B -q spring-boot:run
		wanted readme && record readme "$W" "$C" "$M"
		stop KILL
		launch ./mvnw -B -q spring-boot:run
		wanted kill-9 && record kill-9 "$W" "$C" "$M"
		stop TERM
	fi
	if wanted jar; then
		launch "$JAVA" -Xms512m -Xmx512m -jar target/tidings.jar; record jar "$W" "$C" "$M"
		stop TERM
	fi
done

if wanted jar-aot && "$JAVA" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -q AOTCache; then
	rm -rf "$WORK/run"
	"$JAVA" -Djarmode=tools -jar target/tidings.jar extract --destination "$WORK/run" >/dev/null
	log "training the AOT cache"
	"$JAVA" -XX:AOTCacheOutput="$WORK/run/tidings.aot" -Dspring.context.exit=onRefresh -jar "$WORK/run/tidings.jar" >>"$LOG" 2>&1
	for ((r = 1; r <= RUNS; r++)); do
		launch "$JAVA" -XX:AOTCache="$WORK/run/tidings.aot" -Xms512m -Xmx512m -jar "$WORK/run/tidings.jar"
		record jar-aot "$W" "$C" "$M"
		stop TERM
	done
fi

{
	echo "Start-up to healthy, warm data directory, $RUNS start(s) each, medians ($(nproc) cores, $("$JAVA" -version 2>&1 | head -1))"
	echo "Load average (1, 5, 15 min) at the first start: $LOAD0; at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo
	echo "| how | command | wall to healthy (s) | JVM CPU by then (s) | Maven's JVM CPU (s) | target |"
	echo "| --- | --- | ---: | ---: | ---: | --- |"
	for k in readme kill-9 jar jar-aot; do
		[[ -n ${WALL[$k]:-} ]] || continue
		case $k in
		readme) cmd='`./mvnw spring-boot:run` (README), warm' ;;
		kill-9) cmd='`./mvnw spring-boot:run` after kill -9 of the previous JVM' ;;
		jar) cmd='`java -jar target/tidings.jar`' ;;
		jar-aot) cmd='extracted jar + `-XX:AOTCache`' ;;
		esac
		printf '| %s | %s | %.2f | %s | %s | <= 5 s |\n' "$k" "$cmd" \
			"$(tr ' ' '\n' <<<"${WALL[$k]}" | grep . | median | awk '{print $1 / 1000}')" \
			"$(tr ' ' '\n' <<<"${CPU[$k]}" | grep . | median)" \
			"$(tr ' ' '\n' <<<"${MVN[$k]}" | grep . | grep -v '^-$' | median | sed 's/^?$/-/')"
	done
} | tee "$OUT"
log "table in $OUT"
