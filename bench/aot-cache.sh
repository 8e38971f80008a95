#!/usr/bin/env bash
# The production start of the packaged jar (README, "Running the jar"): extracts JAR into DIR
# and trains an ahead-of-time cache DIR/tidings.aot with the built-in training run (the
# `training` profile: its own throwaway database, pushes on SMS and WhatsApp through the
# simulator, every status called back on loopback). JDK 25 or later. Then start the service with
#   java -XX:AOTCache=DIR/tidings.aot [heap flags] -jar DIR/tidings.jar
#
#   bench/aot-cache.sh JAR DIR [JAVA_FLAGS...]
# JAVA_FLAGS (e.g. -Xms512m -Xmx512m) must be those the service will run with: the cache is
# only used by a JVM started the same way. TRAINING_MESSAGES (default 30000) sets the run's size.
set -Eeuo pipefail

JAR=${1:?usage: bench/aot-cache.sh JAR DIR [JAVA_FLAGS...]}
DIR=${2:?usage: bench/aot-cache.sh JAR DIR [JAVA_FLAGS...]}
shift 2
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
log() { printf '[aot-cache %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

major=$("$JAVA" -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); print v[1]; exit }')
((major >= 25)) || { log "JDK $major: an AOT cache with method profiles needs JDK 25 or later"; exit 2; }
rm -rf "$DIR"
mkdir -p "$DIR"
"$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$DIR" >/dev/null
# the extracted jar keeps JAR's file name; the start above names it tidings.jar (a jar built
# elsewhere, e.g. TIDINGS_JAR=/tmp/before.jar for a comparison, failed here)
extracted="$DIR/$(basename "$JAR")"
[[ $extracted == "$DIR/tidings.jar" ]] || mv "$extracted" "$DIR/tidings.jar"
log "training $DIR/tidings.aot (${TRAINING_MESSAGES:-30000} messages; log in $DIR/training.log)"
t0=$(date +%s)
"$JAVA" -XX:AOTCacheOutput="$DIR/tidings.aot" "$@" -jar "$DIR/tidings.jar" --spring.profiles.active=training \
	--tidings.training.messages="${TRAINING_MESSAGES:-30000}" >"$DIR/training.log" 2>&1 ||
	{ log "the training run failed; see $DIR/training.log"; exit 1; }
[[ -s $DIR/tidings.aot ]] || { log "no cache written; see $DIR/training.log"; exit 1; }
log "done in $(($(date +%s) - t0)) s: $(grep -o 'Training done: .*' "$DIR/training.log")"
