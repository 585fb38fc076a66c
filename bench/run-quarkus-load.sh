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
#   SPLIT=1 adds run S, which splits B's cost into sampling and dumping; WARMUP=seconds (default 5). Needs wrk (Debian package "wrk"); builds the app unless it exists
#   (NO_BUILD=1 forbids building).
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=${1:-3}
seconds=${2:-10}
connections=${3:-8}
path=${4:-/api/process?ms=2}
warmup=${WARMUP:-5}
jar=sample-apps/quarkus-app/target/quarkus-app/quarkus-run.jar
command -v wrk >/dev/null || { echo "wrk not found: apt-get install wrk" >&2; exit 1; }
if [ ! -f "$jar" ] && [ "${NO_BUILD:-0}" != 1 ]; then
  ./mvnw -B -q -pl sample-apps/quarkus-app -am package -DskipTests
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/reqprof-quarkus-load.XXXXXX")
server_pid=""
trap '[ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null; rm -rf "$work"' EXIT
server_cpu=() load_cpu=()
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then server_cpu=(taskset -c 0); load_cpu=(taskset -c 1); fi
hz=$(getconf CLK_TCK)

# utime + stime of a process (fields 14 and 15 of /proc/PID/stat, counted after the "(comm)")
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }

# run NAME off|on|sampling: one JVM, warm-up, measured window; appends "name rps cpu_ms_per_request" to $work/results
run() {
  local name=$1 mode=$2
  local log="$work/$name.$round.log"
  local opts=(-Xms256m -Xmx256m -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=0 -Dquarkus.banner.enabled=false)
  if [ "$mode" = on ]; then
    opts+=(-Dquarkus.reqprof.requests.enabled=true -Dquarkus.reqprof.profile-dir="$work/dumps" -Dquarkus.reqprof.formats=pprof)
  elif [ "$mode" = sampling ]; then
    opts+=(-Dquarkus.reqprof.requests.enabled=true -Dquarkus.reqprof.profile-dir="$work/dumps-s" -Dquarkus.reqprof.formats=pprof
           -Dquarkus.reqprof.sample-one-in=1000000000)
  else
    opts+=(-Dquarkus.reqprof.requests.enabled=false)
  fi
  "${server_cpu[@]}" java "${opts[@]}" -jar "$jar" >"$log" 2>&1 &
  local pid=$!
  server_pid=$pid
  local url=""
  for _ in $(seq 200); do
    url=$(grep -so 'Listening on: http://127.0.0.1:[0-9]*' "$log" | sed 's/^Listening on: //' || true)
    [ -n "$url" ] && break
    sleep 0.1
  done
  [ -n "$url" ] || { cat "$log" >&2; kill "$pid"; exit 1; }
  "${load_cpu[@]}" wrk -t1 -c"$connections" -d"${warmup}s" "$url$path" >/dev/null
  local before; before=$(cpu_ticks "$pid")
  local out; out=$("${load_cpu[@]}" wrk -t1 -c"$connections" -d"${seconds}s" "$url$path")
  local after; after=$(cpu_ticks "$pid")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  server_pid=""
  local rps requests errors
  rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
  requests=$(awk '/requests in/ { print $1 }' <<<"$out")
  errors=$(awk '/Non-2xx|Socket errors/ { print }' <<<"$out")
  [ -z "$errors" ] || echo "  $name: $errors" >&2
  local cpu_ms; cpu_ms=$(awk -v t=$((after - before)) -v hz="$hz" -v n="$requests" 'BEGIN { printf "%.3f", 1000 * t / hz / n }')
  printf '  round %d %-3s %9.1f req/s  %6.3f ms CPU/request\n' "$round" "$name" "$rps" "$cpu_ms"
  echo "$name $rps $cpu_ms" >>"$work/results"
}

echo "quarkus-app load: GET $path, $connections connections, ${seconds}s measured after ${warmup}s warm-up, $rounds rounds, $(nproc) CPUs${server_cpu:+, server on CPU 0, wrk on CPU 1}"
for round in $(seq "$rounds"); do
  run A off
  run "A'" off
  run B on
  [ "${SPLIT:-0}" != 1 ] || run S sampling
done
dumps=$(ls "$work/dumps" 2>/dev/null | grep -c '\.pb\.gz$' || true)

awk -v dumps="$dumps" '
  { n[$1]++; rps[$1] += $2; cpu[$1] += $3; r[$1, n[$1]] = $2; c[$1, n[$1]] = $3 }
  END {
    spread = 0; cspread = 0
    for (i = 1; i <= n["A"]; i++) {
      d = r["A", i] / r["A\x27", i] - 1; if (d < 0) d = -d; if (d > spread) spread = d
      d = c["A", i] / c["A\x27", i] - 1; if (d < 0) d = -d; if (d > cspread) cspread = d
    }
    a = (rps["A"] + rps["A\x27"]) / (n["A"] + n["A\x27"]); b = rps["B"] / n["B"]
    ac = (cpu["A"] + cpu["A\x27"]) / (n["A"] + n["A\x27"]); bc = cpu["B"] / n["B"]
    ratio = b / a; cratio = bc / ac
    printf "\nthroughput  A %.1f req/s (mean of A and A\x27), B %.1f req/s\n", a, b
    printf "B/A throughput = %.3f   A/A spread ±%.1f%%%s\n", ratio, 100 * spread, \
      ((ratio - 1 <= spread && 1 - ratio <= spread) ? "   -> within noise (±" sprintf("%.1f", 100 * spread) "%)" : "")
    printf "CPU/request A %.3f ms, B %.3f ms: B/A = %.3f   A/A spread ±%.1f%%%s\n", ac, bc, cratio, 100 * cspread, \
      ((cratio - 1 <= cspread && 1 - cratio <= cspread) ? "   -> within noise (±" sprintf("%.1f", 100 * cspread) "%)" : "")
    if (n["S"] > 0) printf "S (sampling on, nothing dumped): %.1f req/s, S/A = %.3f; CPU/request %.3f ms, S/A = %.3f\n", \
      rps["S"] / n["S"], rps["S"] / n["S"] / a, cpu["S"] / n["S"], cpu["S"] / n["S"] / ac
    printf "B wrote %d pprof dumps (the newest kept under the default retention of 1000 files)\n", dumps
  }' "$work/results"
