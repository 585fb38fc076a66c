# Shared by bench/run-servlet-load.sh, bench/run-quarkus-load.sh and bench/run-spring-load.sh (sourced, not run): pinning,
# waiting for a server's URL, one measured wrk window with the server's CPU time, and the summary.
# The caller sets: work (a temp dir), round, connections, warmup, seconds, path; and server_pid,
# which the EXIT trap below kills. After each measured run, prove_it_ran checks that the run's
# configuration really profiled. Results go to $work/results as "NAME req/s cpu_ms_per_request".

server_pid=""
collector_pid=""
# never leave a server JVM behind, whatever fails
trap '[ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null; [ -z "$collector_pid" ] || kill "$collector_pid" 2>/dev/null; rm -rf "$work"' EXIT
# server and load generator on separate cores when there are two, so wrk does not steal the server's CPU
server_cpu=() load_cpu=()
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then server_cpu=(taskset -c 0); load_cpu=(taskset -c 1); fi
hz=$(getconf CLK_TCK)

# cpu_ticks PID: utime + stime of the process (fields 14 and 15 of /proc/PID/stat, after the "(comm)")
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }

# wait_for_url LOG PATTERN: prints the first match of the extended regex PATTERN in LOG (up to 20 s);
# on timeout shows the log and exits
wait_for_url() {
  local url=""
  for _ in $(seq 200); do
    url=$(grep -soE "$2" "$1" | head -1 || true)
    [ -n "$url" ] && break
    sleep 0.1
  done
  [ -n "$url" ] || { cat "$1" >&2; exit 1; }
  echo "$url"
}

# measure NAME URL: warm-up, then a measured wrk window with the server's (server_pid) CPU time;
# stops the server and appends the result
measure() {
  local name=$1 url=$2 pid=$server_pid
  "${load_cpu[@]}" wrk -t1 -c"$connections" -d"${warmup}s" "${url%/}$path" >/dev/null
  local before; before=$(cpu_ticks "$pid")
  local out; out=$("${load_cpu[@]}" wrk -t1 -c"$connections" -d"${seconds}s" "${url%/}$path")
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

# an error of reqprof's in a server log: JUL's (servlet app), Quarkus's or Spring Boot's format
ERROR_LINE='SEVERE|ERROR +\[io\.reqprof|ERROR [0-9]+ --- .*io\.reqprof'

# evidence MODE: what the profiled configuration leaves behind, counted: dumps written (on, in
# $work/dumps-$round), profiles the collector at $collector_http stored (cloud), profile files written
# (always, in $work/continuous); 0 for the others
evidence() {
  case $1 in
    on) ls "$work/dumps-$round" 2>/dev/null | grep -c '\.pb\.gz$' || true ;;
    cloud) curl -fsS "$collector_http/api/services" | grep -o '"profiles":[0-9]*' | head -1 | cut -d: -f2 || echo 0 ;;
    always) ls "$work/continuous" 2>/dev/null | grep -c '\.pb\.gz$' || true ;;
    *) echo 0 ;;
  esac
}

# prove_it_ran NAME MODE BEFORE LOG: a figure of a profiler that did nothing is worse than none, so a
# run whose configuration left no evidence, or logged an error, ends the benchmark
prove_it_ran() {
  local name=$1 mode=$2 before=$3 log=$4 after
  after=$(evidence "$mode")
  if grep -qE "$ERROR_LINE" "$log"; then
    echo "$name: the server logged an error; the figure would not measure what it claims:" >&2
    grep -A3 -E "$ERROR_LINE" "$log" >&2
    exit 1
  fi
  case $mode in
    off) return ;;
    sampling) grep -q 'reqprof sampling with' "$log" || { echo "$name: no sampling session started" >&2; cat "$log" >&2; exit 1; }
      return ;;
  esac
  if [ "${after:-0}" -le "${before:-0}" ]; then
    echo "$name ($mode): nothing was produced during the run (before $before, after $after); not a measurement of profiling" >&2
    cat "$log" >&2
    exit 1
  fi
  echo "  round $round $name produced $((after - before)) $(case $mode in on) echo 'dumps (files kept under retention)' ;; cloud) echo 'profiles stored by the collector' ;; *) echo 'profile files' ;; esac)"
}

# summarize DUMPS: B/A (and S, C, D when run) against the mean of A and A', each next to the A/A spread
summarize() {
  awk -v dumps="$1" '
    { n[$1]++; rps[$1] += $2; cpu[$1] += $3; r[$1, n[$1]] = $2; c[$1, n[$1]] = $3 }
    END {
      # A/A spread: the largest relative difference between the paired baselines of one round
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
      if (n["C"] > 0) printf "C (continuous, Cloud-Profiler-style): %.1f req/s, C/A = %.3f; CPU/request %.3f ms, C/A = %.3f   (A/A spread ±%.1f%%)\n", \
        rps["C"] / n["C"], rps["C"] / n["C"] / a, cpu["C"] / n["C"], cpu["C"] / n["C"] / ac, 100 * spread
      if (n["D"] > 0) printf "D (continuous, always on):            %.1f req/s, D/A = %.3f; CPU/request %.3f ms, D/A = %.3f   (A/A spread ±%.1f%%)\n", \
        rps["D"] / n["D"], rps["D"] / n["D"] / a, cpu["D"] / n["D"], cpu["D"] / n["D"] / ac, 100 * spread
      printf "B wrote %d pprof dumps (the newest kept under the default retention of 1000 files)\n", dumps
    }' "$work/results"
}
