#!/usr/bin/env bash
# Throughput of the Vert.x sample app (sample-apps/vertx-app) under wrk on loopback, with reqprof's
# handler dumping EVERY request (B) divided by the same app without the handler (A), with a second
# baseline JVM (A') in the same run so the ratio can be read against the A/A noise. C (handler on,
# requests profiled, none dumped: reqprof.min-elapsed=1h) separates the cost of sampling and
# bracketing from the cost of writing a file per request.
#
# Usage: bench/run-vertx-load.sh [path ...]     (default: /  and  /api/users/1)
# Environment: ROUNDS (2), DURATION seconds measured (15), WARMUP seconds (30, see run-servlet-load.sh), CONNECTIONS (8),
#              SERVER_CPU (0), LOAD_CPU (1): the server and wrk are pinned to separate cores;
#              JAVA_OPTS for the server JVMs (-Xms256m -Xmx256m).
#
# Each round starts a fresh JVM per configuration in the order A, B, C, A' (the others between the
# baselines). Reported per path: requests/s and CPU ms per request (utime+stime of the server
# process from /proc over the measured window), each the mean over rounds; B/A and C/A against the
# mean of A and A'; the A/A spread |A - A'| / mean. A ratio within the spread is printed as
# "within noise (±x%)".
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-2}
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-30}
CONNECTIONS=${CONNECTIONS:-8}
SERVER_CPU=${SERVER_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
read -r -a JVM_OPTS <<<"${JAVA_OPTS:--Xms256m -Xmx256m}"
PATHS=("$@")
[ ${#PATHS[@]} -gt 0 ] || PATHS=(/ /api/users/1)

command -v wrk >/dev/null || { echo "wrk is needed (Debian: apt-get install wrk)" >&2; exit 1; }
JAR=sample-apps/vertx-app/target/reqprof-sample-vertx.jar
./mvnw -B -q -pl sample-apps/vertx-app -am package -DskipTests
WORK=$(mktemp -d "${TMPDIR:-/tmp}/reqprof-vertx-load.XXXXXX")
SERVER_PID=
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
TICKS=$(getconf CLK_TCK)

# utime + stime of a process, in clock ticks
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# start_server CONFIG: A and A' run without the handler; B dumps every request (pprof) to a fresh
# dir; C profiles every request and dumps none
start_server() {
  local config=$1 log="$WORK/server-$1.log" args=()
  rm -rf "$WORK/dumps"
  case $config in
    B) args=(-Dreqprof.profile-dir="$WORK/dumps" -Dreqprof.formats=pprof -jar "$JAR" 0) ;;
    C) args=(-Dreqprof.profile-dir="$WORK/dumps" -Dreqprof.formats=pprof -Dreqprof.min-elapsed=1h -jar "$JAR" 0) ;;
    *) args=(-jar "$JAR" 0 --without-handler) ;;
  esac
  : >"$log"
  taskset -c "$SERVER_CPU" java "${JVM_OPTS[@]}" "${args[@]}" >>"$log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 150); do
    URL=$(grep -o 'http://127.0.0.1:[0-9]*/' "$log" || true)
    [ -n "$URL" ] && return 0
    sleep 0.2
  done
  echo "server $config did not start:" >&2; cat "$log" >&2; exit 1
}

stop_server() {
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=
}

# measure CONFIG PATH: sets RPS (requests/s) and CPU_MS (server CPU ms per request)
measure() {
  local config=$1 path=$2 out before after requests
  start_server "$config"
  taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 10s "${URL%/}$path" >/dev/null
  before=$(cpu_ticks "$SERVER_PID")
  out=$(taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s "${URL%/}$path")
  after=$(cpu_ticks "$SERVER_PID")
  if [ "$config" = B ] && grep -q "queue is full" "$WORK/server-B.log"; then
    echo "  note: in this B run the dump writer fell behind and dropped dumps (queue full)"
  fi
  stop_server
  if echo "$out" | grep -q "Non-2xx\|Socket errors"; then echo "$out" >&2; echo "errors in $config $path" >&2; exit 1; fi
  # a figure of a profiler that did nothing is worse than none: B must have dumped, C must have sampled
  if grep -q 'SEVERE' "$WORK/server-$config.log"; then
    echo "the $config server logged an error:" >&2; grep -A3 'SEVERE' "$WORK/server-$config.log" >&2; exit 1
  fi
  if [ "$config" = B ] && [ "$(ls "$WORK/dumps" 2>/dev/null | grep -c '\.pb\.gz$' || true)" -eq 0 ]; then
    echo "B wrote no dump; not a measurement of dumping" >&2; cat "$WORK/server-B.log" >&2; exit 1
  fi
  if [ "$config" = C ] && ! grep -q 'reqprof sampling with' "$WORK/server-C.log"; then
    echo "C started no sampling session" >&2; cat "$WORK/server-C.log" >&2; exit 1
  fi
  requests=$(echo "$out" | awk '/ requests in /{ print $1 }')
  RPS=$(echo "$out" | awk '/^Requests\/sec:/{ print $2 }')
  CPU_MS=$(awk -v t=$((after - before)) -v hz="$TICKS" -v r="$requests" 'BEGIN { printf "%.4f", (t * 1000 / hz) / r }')
}

echo "Vert.x sample app, wrk -t1 -c$CONNECTIONS --timeout 10s, ${WARMUP}s warm-up + ${DURATION}s measured per JVM, $ROUNDS round(s) of A B C A';"
echo "server (${JVM_OPTS[*]}) on CPU $SERVER_CPU, wrk on CPU $LOAD_CPU;"
echo "A, A' = no handler; B = reqprof handler dumping every request as pprof; C = handler on, nothing dumped"
for path in "${PATHS[@]}"; do
  declare -A rps=() cpu=()
  for round in $(seq "$ROUNDS"); do
    for config in A B C A2; do
      measure "$config" "$path"
      rps[$config]="${rps[$config]:-} $RPS"; cpu[$config]="${cpu[$config]:-} $CPU_MS"
      printf '  round %d %-3s %-14s %10.1f req/s  %7.3f CPU ms/req\n' "$round" "${config/A2/A\'}" "$path" "$RPS" "$CPU_MS"
    done
  done
  awk -v path="$path" -v a="${rps[A]}" -v a2="${rps[A2]}" -v b="${rps[B]}" -v c="${rps[C]}" \
      -v ca="${cpu[A]}" -v ca2="${cpu[A2]}" -v cb="${cpu[B]}" -v cc="${cpu[C]}" '
    function mean(s,   n, x, i, t) { n = split(s, x, " "); t = 0; for (i = 1; i <= n; i++) t += x[i]; return t / n }
    function verdict(ratio, spread) {
      if (ratio >= 1 - spread && ratio <= 1 + spread) return sprintf("%.3f, within noise (±%.1f%%)", ratio, spread * 100)
      return sprintf("%.3f (A/A spread ±%.1f%%)", ratio, spread * 100)
    }
    BEGIN {
      A = mean(a); A2 = mean(a2); B = mean(b); C = mean(c); base = (A + A2) / 2; spread = (A > A2 ? A - A2 : A2 - A) / base
      CA = mean(ca); CA2 = mean(ca2); CB = mean(cb); CC = mean(cc); cbase = (CA + CA2) / 2
      cspread = (CA > CA2 ? CA - CA2 : CA2 - CA) / cbase
      printf "%s: throughput A %.1f, A'"'"' %.1f, B %.1f, C %.1f req/s -> B/A %s; C/A %s\n", path, A, A2, B, C,
        verdict(B / base, spread), verdict(C / base, spread)
      printf "%s: CPU per request A %.3f, A'"'"' %.3f, B %.3f, C %.3f ms -> B/A %s; C/A %s\n", path, CA, CA2, CB, CC,
        verdict(CB / cbase, cspread), verdict(CC / cbase, cspread)
    }'
  unset rps cpu
done
