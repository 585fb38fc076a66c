#!/usr/bin/env bash
# The largest real profiles: from these the collector's per-profile limits (--max-decompressed-bytes,
# --max-samples, --max-symbols, --max-frames) are chosen, with a margin (docs/COLLECTOR.md, "Limits").
# Runs the servlet and Quarkus sample apps with continuous profiling of every type it offers (CPU,
# WALL, HEAP_ALLOC, CONTENTION) into a directory, in windows of WINDOW seconds (default 60: the
# directory target's default upload period and the longest window an agent sends), and per-request
# dumps of every request; drives a mixed load (CPU, sleep, async, path variables, errors) for
# two windows; then prints the largest of each count per profile type. Fails when an app wrote no
# profile, a request got no answer, or the collector's default limits refuse a profile.
# Usage: bench/run-profile-sizes.sh   (WINDOW=60 CONNECTIONS=8 NO_BUILD=1; about 5 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
window=${WINDOW:-60}
connections=${CONNECTIONS:-8}
bench=bench/target/reqprof-bench.jar
servlet=sample-apps/servlet-app/target/reqprof-sample-servlet.jar
quarkus=sample-apps/quarkus-app/target/quarkus-app/quarkus-run.jar
if [ "${NO_BUILD:-0}" != 1 ]; then
  ./mvnw -B -q ${MVNW_FLAGS:-} -pl bench,sample-apps/servlet-app,sample-apps/quarkus-app -am package -DskipTests
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/reqprof-profile-sizes.XXXXXX")
app_pid=""
trap '[ -z "$app_pid" ] || { kill "$app_pid" 2>/dev/null; wait "$app_pid" 2>/dev/null; }; rm -rf "$work"' EXIT

# wait_for_url LOG PATTERN: the first match of PATTERN in LOG, waiting up to 60 s
wait_for_url() {
  for _ in $(seq 600); do
    url=$(grep -soE "$2" "$1" | head -1 || true)
    [ -n "$url" ] && { echo "$url"; return; }
    sleep 0.1
  done
  cat "$1" >&2; exit 1
}

# drive NAME URL: two windows and a bit of mixed load, then stop the app (which flushes its last profiles)
drive() {
  java -cp "$bench" io.reqprof.bench.ProfileSizes load "${2%/}" $((2 * window + 5)) "$connections" \
    /api/process /api/users/7 /api/users/12345 / /api/process?ms=5 /api/async /no/such/page "/api/users/$RANDOM"
  kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; app_pid=""
}

continuous_env=(REQPROF_SERVICE=sizes REQPROF_PROFILE_ALLOC=true REQPROF_PROFILE_CONTENTION=true
  REQPROF_UPLOAD_PERIOD=${window}s REQPROF_PROFILE_DURATION=${window}s)

echo "servlet-app: ${window}s windows, $connections connections"
env "${continuous_env[@]}" REQPROF_TARGET="file:$work/servlet" REQPROF_PROFILE_DIR="$work/servlet-dumps" REQPROF_FORMATS=pprof \
  java -Xmx512m -jar "$servlet" 0 >"$work/servlet.log" 2>&1 &
app_pid=$!
drive servlet "$(wait_for_url "$work/servlet.log" 'http://127.0.0.1:[0-9]+/')"

echo "quarkus-app: ${window}s windows, $connections connections"
env "${continuous_env[@]}" java -Xmx512m -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=0 -Dquarkus.banner.enabled=false \
  -Dquarkus.reqprof.continuous.target="file:$work/quarkus" -Dquarkus.reqprof.continuous.service=sizes \
  -Dquarkus.reqprof.continuous.profile-alloc=true -Dquarkus.reqprof.continuous.profile-contention=true \
  -Dquarkus.reqprof.continuous.upload-period="${window}s" -Dreqprof.profile-duration="${window}s" \
  -Dquarkus.reqprof.requests.enabled=true -Dquarkus.reqprof.profile-dir="$work/quarkus-dumps" -Dquarkus.reqprof.formats=pprof \
  -jar "$quarkus" >"$work/quarkus.log" 2>&1 &
app_pid=$!
drive quarkus "$(wait_for_url "$work/quarkus.log" 'http://127.0.0.1:[0-9]+')"

echo "$(date -u +%FT%TZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(java -version 2>&1 | head -1)"
java -cp "$bench" io.reqprof.bench.ProfileSizes sizes "$work/servlet" "$work/servlet-dumps" "$work/quarkus" "$work/quarkus-dumps"
