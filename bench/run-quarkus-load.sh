#!/usr/bin/env bash
# Load benchmark of the Quarkus sample app (sample-apps/quarkus-app, packaged as a fast-jar) with wrk
# on loopback, request profiling off and on in the same run:
#   A  = extension installed, request profiling off (quarkus.reqprof.requests.enabled=false: the
#        filter passes every request through, no sampling session)
#   A' = the same again: the A/A pair measures this machine's noise
#   B  = request profiling on, one pprof dump written for every request
#   S  = (with SPLIT=1) request profiling and sampling on, (almost) nothing selected for dumps
# in paired order (A A' B, repeated), one fresh JVM per run. Reports throughput B/A next to the A/A
# spread, and CPU time per request of the server JVM read from /proc/PID/stat.
#
# Usage: bench/run-quarkus-load.sh [rounds=3] [seconds=10] [connections=8] [path=/api/process?ms=2]
#   SPLIT=1 adds run S, which splits B's cost into sampling and dumping; WARMUP=seconds (default 30, see run-servlet-load.sh). Needs wrk (Debian package "wrk"); builds the app unless it exists
#   (NO_BUILD=1 forbids building).
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=${1:-3}
seconds=${2:-10}
connections=${3:-8}
path=${4:-/api/process?ms=2}
warmup=${WARMUP:-30}
jar=sample-apps/quarkus-app/target/quarkus-app/quarkus-run.jar
command -v wrk >/dev/null || { echo "wrk not found: apt-get install wrk" >&2; exit 1; }
if [ ! -f "$jar" ] && [ "${NO_BUILD:-0}" != 1 ]; then
  ./mvnw -B -q -pl sample-apps/quarkus-app -am package -DskipTests
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/reqprof-quarkus-load.XXXXXX")
# shellcheck source=bench/load-lib.sh
. bench/load-lib.sh

# run NAME off|on|sampling: one JVM, warm-up, measured window; appends "name rps cpu_ms_per_request" to $work/results
run() {
  local name=$1 mode=$2
  local log="$work/$name.$round.log"
  local opts=(-Xms256m -Xmx256m -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=0 -Dquarkus.banner.enabled=false)
  if [ "$mode" = on ]; then
    opts+=(-Dquarkus.reqprof.requests.enabled=true -Dquarkus.reqprof.profile-dir="$work/dumps-$round" -Dquarkus.reqprof.formats=pprof)
  elif [ "$mode" = sampling ]; then
    opts+=(-Dquarkus.reqprof.requests.enabled=true -Dquarkus.reqprof.profile-dir="$work/dumps-s" -Dquarkus.reqprof.formats=pprof
           -Dquarkus.reqprof.sample-one-in=1000000000)
  else
    opts+=(-Dquarkus.reqprof.requests.enabled=false)
  fi
  "${server_cpu[@]}" java "${opts[@]}" -jar "$jar" >"$log" 2>&1 &
  server_pid=$!
  local url; url=$(wait_for_url "$log" 'Listening on: http://127.0.0.1:[0-9]*')
  local before; before=$(evidence "$mode")
  measure "$name" "${url#Listening on: }"
  prove_it_ran "$name" "$mode" "$before" "$log"
}

echo "quarkus-app load: GET $path, $connections connections, ${seconds}s measured after ${warmup}s warm-up, $rounds rounds, $(nproc) CPUs${server_cpu:+, server on CPU 0, wrk on CPU 1}"
for round in $(seq "$rounds"); do
  run A off
  run "A'" off
  run B on
  [ "${SPLIT:-0}" != 1 ] || run S sampling
done
dumps=$(ls "$work/dumps-$rounds" 2>/dev/null | grep -c '\.pb\.gz$' || true)

summarize "$dumps"
