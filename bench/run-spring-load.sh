#!/usr/bin/env bash
# Load benchmark of the Spring Boot sample app (Spring MVC on Tomcat, the reqprof starter) with wrk on
# loopback, the same way as bench/run-servlet-load.sh:
#   A  = the starter's auto-configuration excluded: no reqprof at all
#   A' = the same again: the A/A pair measures this machine's noise
#   B  = the starter on, one pprof dump written for every request
# in paired order (A A' B, repeated), one fresh JVM per run. Reports throughput B/A with the A/A spread
# next to it, and CPU seconds per request of the server JVM read from /proc/PID/stat.
#
# Usage: bench/run-spring-load.sh [rounds=3] [seconds=10] [connections=8] [path=/]
#   WARMUP=seconds (default 30, as for the servlet app). Needs wrk (Debian package "wrk"); builds the
#   sample jar first (NO_BUILD=1 skips building).
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=${1:-3}
seconds=${2:-10}
connections=${3:-8}
path=${4:-/}
warmup=${WARMUP:-30}
jar=sample-apps/spring-boot-app/target/reqprof-sample-spring-boot.jar
command -v wrk >/dev/null || { echo "wrk not found: apt-get install wrk" >&2; exit 1; }
[ "${NO_BUILD:-0}" = 1 ] || ./mvnw -B -q -pl sample-apps/spring-boot-app -am package -DskipTests

work=$(mktemp -d "${TMPDIR:-/tmp}/reqprof-spring-load.XXXXXX")
# shellcheck source=bench/load-lib.sh
. bench/load-lib.sh

# run NAME off|on: one JVM, warm-up, measured window (bench/load-lib.sh)
run() {
  local name=$1 mode=$2
  local log="$work/$name.$round.log"
  if [ "$mode" = on ]; then
    "${server_cpu[@]}" java -Xms256m -Xmx256m -jar "$jar" --server.port=0 --reqprof.profile-dir="$work/dumps-$round" \
      --reqprof.formats=pprof >"$log" 2>&1 &
  else
    "${server_cpu[@]}" java -Xms256m -Xmx256m -jar "$jar" --server.port=0 \
      --spring.autoconfigure.exclude=io.reqprof.spring.ReqprofAutoConfiguration >"$log" 2>&1 &
  fi
  server_pid=$!
  local url; url=$(wait_for_url "$log" 'http://127.0.0.1:[0-9]*/')
  if [ "$mode" = off ] && grep -qE 'reqprof (sampling with|request profiling)' "$log"; then
    echo "$name: reqprof started in the baseline; it would not measure what it claims:" >&2; cat "$log" >&2; exit 1
  fi
  local before; before=$(evidence "$mode")
  measure "$name" "$url"
  prove_it_ran "$name" "$mode" "$before" "$log"
}

echo "spring-boot-app load: GET $path, $connections connections, ${seconds}s measured after ${warmup}s warm-up, $rounds rounds, $(nproc) CPUs${server_cpu:+, server on CPU 0, wrk on CPU 1}"
for round in $(seq "$rounds"); do
  run A off
  run "A'" off
  run B on
done
dumps=$(ls "$work/dumps-$rounds" | grep -c '\.pb\.gz$' || true)

summarize "$dumps"
