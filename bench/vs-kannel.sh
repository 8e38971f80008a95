#!/usr/bin/env bash
# The SMS side by side (issue 1/6, point 6): Kannel 1.4.5 (Debian) and Tidings on the same SMS
# workload, the same closed-loop load generator and the same callback receiver, on loopback,
# interleaved (Kannel, Tidings with callbackEvents DELIVERED_USER,FAILED, Tidings with every
# status, then again), at each concurrency in CS, REPS times each; prints one table with the
# ratio Tidings / Kannel per column. See bench/README.md ("The SMS side by side").
#
#   bench/vs-kannel.sh                         full: N=20000, CS="64 128", REPS=2 (about 15 min)
#   N=1000 REPS=1 CS=64 bench/vs-kannel.sh     smoke (about 2 min)
#   bench/vs-kannel.sh --summarize bench/results/kannel/<stamp>   the table again
#
# Environment (all optional): N (measured messages per run), REPS, CS, TIDINGS_WARMUP (messages
# before each Tidings run, default 100000, or N/2 when N < 20000), KANNEL_WARMUP (default 500),
# TIDINGS_JAR (default target/tidings.jar, built when missing), JAVA_HOME (a JDK >= 21; else
# the newest one under /usr/lib/jvm), OUT (the results folder), TIDINGS_START: how Tidings is
# started, `aot` (default on JDK 25+: the README's production start, the extracted jar with an
# ahead-of-time cache trained once by bench/aot-cache.sh before the runs) or `jar` (java -jar).
#
# It installs Debian's kannel and kannel-extras (fakesmsc) when missing (apt-get; sudo when
# not root). Every process it starts is stopped by its PID when it exits; the per-run scripts
# in bench/kannel/ stop theirs the same way.
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HARNESS=$ROOT/bench/kannel
PY=${PYTHON:-python3}

if [[ ${1:-} == --summarize ]]; then
	[[ -d ${2:-} ]] || { echo "usage: bench/vs-kannel.sh --summarize bench/results/kannel/<stamp>" >&2; exit 2; }
	runs=()
	for d in "${2%/}"/*/; do [[ -f $d/result.json ]] && runs+=("$d"); done
	"$PY" "$HARNESS/compare.py" "${runs[@]}"
	exit 0
fi
[[ $# == 0 ]] || { sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }

N=${N:-20000}
REPS=${REPS:-2}
CS=${CS:-"64 128"}
# 100,000 (about 40 s of load): the JIT's C2 compiler defers methods while its queue is full
# (Tier4LoadFeedback) and catches up after about 40 s of steady load; after 10,000 it was still
# 25-35% of the JVM's CPU inside the measured window, after 100,000 under 10% (the table's
# "JIT % of JVM CPU" column shows it for every run); tidings_run.sh adds rounds while the JIT's
# share of the last one is over 5%, up to 4 x this (on a slower machine 100,000 was not enough)
if ((N >= 20000)); then TIDINGS_WARMUP=${TIDINGS_WARMUP:-100000}; else TIDINGS_WARMUP=${TIDINGS_WARMUP:-$((N / 2))}; fi
KANNEL_WARMUP=${KANNEL_WARMUP:-500}
OUT=${OUT:-$ROOT/bench/results/kannel/$(date -u +%Y%m%dT%H%M%SZ)}
FINAL_EVENTS=DELIVERED_USER,FAILED

log() { printf '[vs-kannel %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

CHILD=""
cleanup() {
	local status=$? i
	set +e
	if [[ -n $CHILD ]] && kill -0 "$CHILD" 2>/dev/null; then
		log "stopping the run in progress ($CHILD); it stops its own processes"
		kill -TERM "$CHILD" 2>/dev/null
		for ((i = 0; i < 900; i++)); do kill -0 "$CHILD" 2>/dev/null || break; sleep 0.1; done
		kill -0 "$CHILD" 2>/dev/null && kill -KILL "$CHILD" 2>/dev/null
		wait "$CHILD" 2>/dev/null
	fi
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- prerequisites ------------------------------------------------------------------------

for tool in "$PY" curl jq psql ss awk; do
	command -v "$tool" >/dev/null || die "$tool is missing (Debian: apt-get install -y python3 curl jq postgresql-client iproute2 gawk)"
done
if [[ ! -x /usr/sbin/bearerbox || ! -x /usr/sbin/smsbox || ! -x /usr/lib/kannel/test/fakesmsc ]]; then
	SUDO=""
	if [[ $(id -u) != 0 ]]; then
		command -v sudo >/dev/null || die "kannel is missing and this is not root and has no sudo: apt-get install -y kannel kannel-extras"
		SUDO=sudo
	fi
	log "installing Debian's kannel and kannel-extras (fakesmsc)"
	$SUDO apt-get update -q >&2 || die "apt-get update failed"
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q kannel kannel-extras >&2 || die "installing kannel failed"
	[[ -x /usr/lib/kannel/test/fakesmsc ]] || die "kannel-extras did not install /usr/lib/kannel/test/fakesmsc"
fi
# the package's own service (if the installation started it) would hold the ports the harness needs
for port in 13000 13001 10000 13013 13080 18480 25480; do
	if ss -Hltn "( sport = :$port )" | grep -q .; then
		die "port $port is in use (a running Kannel service? stop it, e.g. /etc/init.d/kannel stop)"
	fi
done

java_major() { "$1" -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); print (v[1] == "1") ? v[2] : v[1]; exit }'; }
if ! [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java && $(java_major "$JAVA_HOME/bin/java") -ge 21 ]]; then
	JAVA_HOME=""
	if command -v java >/dev/null && (($(java_major java) >= 21)); then
		JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
	else
		best_major=0
		for candidate in /usr/lib/jvm/*; do
			[[ -x $candidate/bin/javac ]] || continue
			major=$(java_major "$candidate/bin/java")
			if ((${major:-0} >= 21 && major > best_major)); then JAVA_HOME=$candidate best_major=$major; fi
		done
	fi
	[[ -n $JAVA_HOME ]] || die "no JDK >= 21 found: install one or set JAVA_HOME"
fi
export JAVA_HOME

TIDINGS_JAR=${TIDINGS_JAR:-$ROOT/target/tidings.jar}
if [[ ! -f $TIDINGS_JAR ]]; then
	log "building $TIDINGS_JAR (./mvnw -q -DskipTests package)"
	(cd "$ROOT" && ./mvnw -q -DskipTests package) >&2 || die "the build failed"
	[[ -f $TIDINGS_JAR ]] || die "the build did not produce $TIDINGS_JAR"
fi
export TIDINGS_JAR
if [[ -z ${TIDINGS_START:-} ]]; then
	if (($(java_major "$JAVA_HOME/bin/java") >= 25)); then TIDINGS_START=aot; else TIDINGS_START=jar; fi
fi
TIDINGS_JAVA_OPTS=${JAVA_OPTS--Xms512m -Xmx512m} # the README's fixed heap unless JAVA_OPTS is set (empty: none)

# --- the runs, interleaved ------------------------------------------------------------------

mkdir -p "$OUT"
{
	echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "tidings: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' (with local changes)'), $TIDINGS_JAR"
	echo "kannel: $(dpkg-query -W -f '${Version}' kannel 2>/dev/null)"
	echo "jdk: $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
	echo "cpu: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
	echo "N=$N REPS=$REPS CS=\"$CS\" TIDINGS_WARMUP=$TIDINGS_WARMUP KANNEL_WARMUP=$KANNEL_WARMUP TIDINGS_START=$TIDINGS_START"
	echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$OUT/facts.txt"
log "results in $OUT"
STARTED=$(date +%s)
if [[ $TIDINGS_START == aot ]]; then
	# trained once, used by every Tidings run: the cache holds classes and method profiles
	"$ROOT/bench/aot-cache.sh" "$TIDINGS_JAR" "$OUT/tidings-app" $TIDINGS_JAVA_OPTS 2>&1 | tee -a "$OUT/facts.txt" >&2
	TIDINGS_JAR=$OUT/tidings-app/tidings.jar
	TIDINGS_JAVA_OPTS="-XX:AOTCache=$OUT/tidings-app/tidings.aot $TIDINGS_JAVA_OPTS"
fi

run() { # run NAME SCRIPT [VAR=value...]: one run in $OUT/NAME, in the background so that a signal reaches it
	local name=$1 script=$2
	shift 2
	log "$name"
	env "$@" RUN_DIR="$OUT/$name" "$HARNESS/$script" >"$OUT/$name.log" 2>&1 &
	CHILD=$!
	if ! wait "$CHILD"; then
		log "$name failed; see $OUT/$name.log (going on)"
		echo "$name failed (exit status); see $name.log" >>"$OUT/notes.txt"
	fi
	CHILD=""
}

for c in $CS; do
	for ((rep = 1; rep <= REPS; rep++)); do
		run "c$c-r$rep-kannel" kannel_run.sh N="$N" C="$c" WARMUP="$KANNEL_WARMUP" DLR_MASK=1
		run "c$c-r$rep-tidings-final" tidings_run.sh N="$N" C="$c" WARMUP="$TIDINGS_WARMUP" CALLBACK_EVENTS="$FINAL_EVENTS" \
			TIDINGS_JAR="$TIDINGS_JAR" JAVA_OPTS="$TIDINGS_JAVA_OPTS"
		run "c$c-r$rep-tidings-all" tidings_run.sh N="$N" C="$c" WARMUP="$TIDINGS_WARMUP" \
			TIDINGS_JAR="$TIDINGS_JAR" JAVA_OPTS="$TIDINGS_JAVA_OPTS"
	done
done

# --- the table -------------------------------------------------------------------------------

dirs=()
for d in "$OUT"/*/; do [[ -f $d/result.json ]] && dirs+=("$d"); done
((${#dirs[@]})) || die "no run produced a result; see the logs in $OUT"
{
	echo "# Tidings vs Kannel, the same SMS workload ($(date -u -d "@$STARTED" '+%Y-%m-%d %H:%M UTC'))"
	echo
	sed 's/^/    /' "$OUT/facts.txt"
	echo
	"$PY" "$HARNESS/compare.py" "${dirs[@]}"
	echo
	echo "Medians over the runs of each row; ratio rows divide that Tidings row by the Kannel row of the same C."
	echo "Took $(($(date +%s) - STARTED)) s. Raw runs: $OUT/."
	if [[ -s $OUT/notes.txt ]]; then
		echo
		echo "Notes:"
		sed 's/^/- /' "$OUT/notes.txt"
	fi
} | tee "$OUT/table.md"
