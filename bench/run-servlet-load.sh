#!/usr/bin/env bash
# Load benchmark of the servlet sample app (embedded Jetty 12) with wrk on loopback:
#   A  = no reqprof filter at all (--without-filter)
#   A' = the same again: the A/A pair measures this machine's noise
#   B  = reqprof filter on, one pprof dump written for every request
# in paired order (A A' B, repeated), one fresh JVM per run. Reports throughput B/A with the A/A spread
# next to it, and CPU seconds per request of the server JVM read from /proc/PID/stat.
#
# Usage: bench/run-servlet-load.sh [rounds=3] [seconds=10] [connections=8] [path=/]
#   SPLIT=1 adds S = filter and sampling on, nothing selected for dumps (splits B's cost in two);
#   CONTINUOUS=1 adds, without the filter, the continuous profiler of issue #4:
#     C = Cloud-Profiler-style: the agent long-polls a reqprof collector (period 60 s, 10 s profiles of CPU or WALL)
#     D = always on: a CPU and a WALL profile of every 10 s written to a directory;
#   WARMUP=seconds (default 30: on the server's one core the JIT is still compiling Jetty's and reqprof's
#     paths for about that long, and a shorter warm-up charges that one-time cost to whichever run compiles more);
#   CONT_SECONDS=seconds measured for C (default 60: one whole collection period, since a Cloud-Profiler-style
#     agent samples only during the 10 s of each minute the collector asks for, and a shorter window would
#     land inside or outside that by luck).
# Needs wrk (Debian package "wrk"); builds the sample jar first (NO_BUILD=1 skips building).
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=${1:-3}
seconds=${2:-10}
connections=${3:-8}
path=${4:-/}
warmup=${WARMUP:-30}
cont_seconds=${CONT_SECONDS:-60}
jar=sample-apps/servlet-app/target/reqprof-sample-servlet.jar
collector_jar=collector/target/reqprof-collector.jar
command -v wrk >/dev/null || { echo "wrk not found: apt-get install wrk" >&2; exit 1; }
# build what is measured, so an edited source is never measured stale (NO_BUILD=1 runs the jars as they are)
if [ "${NO_BUILD:-0}" != 1 ]; then
  ./mvnw -B -q -pl sample-apps/servlet-app -am package -DskipTests
  [ "${CONTINUOUS:-0}" != 1 ] || ./mvnw -B -q -pl collector -am package -DskipTests
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/reqprof-load.XXXXXX")
# shellcheck source=bench/load-lib.sh
. bench/load-lib.sh

# run NAME off|on|sampling|cloud|always: one JVM, warm-up, measured window (bench/load-lib.sh)
run() {
  local name=$1 mode=$2
  local log="$work/$name.$round.log"  # fresh per run: a reused log could still show the last run's URL
  if [ "$mode" = on ]; then
    "${server_cpu[@]}" java -Xms256m -Xmx256m -Dreqprof.profile-dir="$work/dumps-$round" -Dreqprof.formats=pprof -jar "$jar" 0 >"$log" 2>&1 &
  elif [ "$mode" = sampling ]; then
    # the filter and the sampling session run, but 1-in-a-billion selection tracks and dumps (almost) nothing
    "${server_cpu[@]}" java -Xms256m -Xmx256m -Dreqprof.profile-dir="$work/dumps-s" -Dreqprof.formats=pprof \
      -Dreqprof.sample-one-in=1000000000 -jar "$jar" 0 >"$log" 2>&1 &
  elif [ "$mode" = cloud ]; then
    local seconds=$cont_seconds  # measure reads it
    "${server_cpu[@]}" java -Xms256m -Xmx256m -Dreqprof.service=bench -Dreqprof.target="grpc://$grpc_target" \
      -jar "$jar" 0 --without-filter >"$log" 2>&1 &
  elif [ "$mode" = always ]; then
    "${server_cpu[@]}" java -Xms256m -Xmx256m -Dreqprof.service=bench -Dreqprof.target="file:$work/continuous" \
      -Dreqprof.upload-period=10s -Dreqprof.profile-duration=10s -jar "$jar" 0 --without-filter >"$log" 2>&1 &
  else
    "${server_cpu[@]}" java -Xms256m -Xmx256m -jar "$jar" 0 --without-filter >"$log" 2>&1 &
  fi
  server_pid=$!
  local url; url=$(wait_for_url "$log" 'http://127.0.0.1:[0-9]*/')
  local before; before=$(evidence "$mode")
  measure "$name" "$url"
  prove_it_ran "$name" "$mode" "$before" "$log"
}

if [ "${CONTINUOUS:-0}" = 1 ]; then
  # the collector runs on the load generator's core: it is the remote backend, not part of the server's cost
  "${load_cpu[@]}" java -jar "$collector_jar" --grpc-port=0 --http-port=0 --data-dir="$work/collector" \
    --period=60s --profile-duration=10s >"$work/collector.log" 2>&1 &
  collector_pid=$!
  grpc_target=$(wait_for_url "$work/collector.log" 'gRPC at [0-9.]*:[0-9]*')
  grpc_target=${grpc_target#gRPC at }
  collector_http=$(wait_for_url "$work/collector.log" 'UI at http://[0-9.]*:[0-9]*')
  collector_http=${collector_http#UI at }
fi

echo "servlet-app load: GET $path, $connections connections, ${seconds}s measured (C: ${cont_seconds}s) after ${warmup}s warm-up, $rounds rounds, $(nproc) CPUs${server_cpu:+, server on CPU 0, wrk on CPU 1}"
for round in $(seq "$rounds"); do
  run A off
  run "A'" off
  run B on
  [ "${SPLIT:-0}" != 1 ] || run S sampling
  if [ "${CONTINUOUS:-0}" = 1 ]; then
    run C cloud
    run D always
  fi
done
dumps=$(ls "$work/dumps-$rounds" | grep -c '\.pb\.gz$' || true)

summarize "$dumps"
