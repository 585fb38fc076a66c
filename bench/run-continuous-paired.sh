#!/usr/bin/env bash
# Paired benchmark of the always-on continuous profiler (issue #4) in ONE server JVM: the servlet
# sample app (without the filter) runs under a small Java agent (bench/paired/AgentToggle.java)
# that starts and stops reqprof's continuous profiler on cue, and wrk measures alternating windows
# with it off and on. Separate JVMs differ by about ±2% from each other (the A/A spread of
# run-servlet-load.sh), more than the 1% target; windows of one JVM compared within a round do not
# carry that spread.
#
# Usage: bench/run-continuous-paired.sh [rounds=8] [seconds=15] [connections=8] [path=/]
#   VARIANTS="off always fast bare" (default): which windows each round measures, in rotated order
#     off    = profiler stopped;
#     always = CPU and WALL profiles of every 10 s written to a directory (profile-duration equal to
#              upload-period), no interval set: the agent's always-on rates (CPU 25 ms, wall 200 ms);
#     fast   = the same at the engine's defaults, CPU 10 ms and wall 50 ms (what request profiling uses);
#     bare   = async-profiler alone with the options reqprof's engine gives it at those defaults
#              (AsyncProfilerEngine.options()), no reqprof code: what the sampler itself costs;
#     cpu    = always-on with the WALL profile off (reqprof.profile-wall=false), rates as "always";
#     slow   = CPU 20 ms, wall 100 ms;
#   WARMUP=seconds before the first round (default 60). The first round is reported but left out
#   of the means (the JIT is still settling). NO_BUILD=1 runs the jar as it is.
#   SETTLE=seconds between switching a variant and measuring it (default 5). Starting the profiler
#   (async-profiler's start, the first chunk, the code the first start compiles) happens once per
#   process in production; this bench measures the steady state, so the start is left out of the
#   windows.
# Needs wrk and a JDK (javac compiles the agent).
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=${1:-8}
seconds=${2:-15}
connections=${3:-8}
path=${4:-/}
warmup=${WARMUP:-60}
settle=${SETTLE:-5}
read -r -a variants <<<"${VARIANTS:-off always fast bare}"
[ "${variants[0]}" = off ] || { echo "VARIANTS must start with off (the baseline)" >&2; exit 1; }
[ "$rounds" -ge 2 ] || { echo "rounds must be at least 2: the first round is not counted" >&2; exit 1; }
jar=sample-apps/servlet-app/target/reqprof-sample-servlet.jar
command -v wrk >/dev/null || { echo "wrk not found: apt-get install wrk" >&2; exit 1; }
if [ "${NO_BUILD:-0}" != 1 ]; then ./mvnw -B -q -pl sample-apps/servlet-app -am package -DskipTests; fi

work=$(mktemp -d "${TMPDIR:-/tmp}/reqprof-paired.XXXXXX")
# shellcheck source=bench/load-lib.sh
. bench/load-lib.sh

# the system properties each variant sets before the profiler starts ("key=-" clears one)
props() {
  case $1 in
    always) echo "$base reqprof.profile-wall=- reqprof.cpu-interval=- reqprof.wall-interval=-" ;;
    fast)   echo "$base reqprof.profile-wall=- reqprof.cpu-interval=10ms reqprof.wall-interval=50ms" ;;
    bare)   echo "async-profiler start,jfr,event=cpu,interval=10000000,wall=50000000,nobatch,file=$work/bare.jfr" ;;
    cpu)    echo "$base reqprof.profile-wall=false reqprof.cpu-interval=- reqprof.wall-interval=-" ;;
    slow)   echo "$base reqprof.profile-wall=- reqprof.cpu-interval=20ms reqprof.wall-interval=100ms" ;;
    *) echo "unknown variant $1" >&2; exit 1 ;;
  esac
}

mkdir "$work/agent"
javac -d "$work/agent" -cp "$jar" bench/paired/AgentToggle.java
printf 'Premain-Class: AgentToggle\n' >"$work/agent/manifest"
jar cfm "$work/agent-toggle.jar" "$work/agent/manifest" -C "$work/agent" .

flag="$work/flag" log="$work/server.log" out="$work/continuous"
# the profiler's settings reach it only through the flag file: given on the command line, the
# sample app would start the profiler itself at boot
base="reqprof.service=bench reqprof.target=file:$out reqprof.upload-period=10s reqprof.profile-duration=10s"
"${server_cpu[@]}" java -Xms256m -Xmx256m -javaagent:"$work/agent-toggle.jar=$flag" \
  -jar "$jar" 0 --without-filter >"$log" 2>&1 &
server_pid=$!
url=$(wait_for_url "$log" 'http://127.0.0.1:[0-9]*/')
mkdir -p "$out"

echo "continuous profiler, paired in one JVM: GET $path, $connections connections, ${seconds}s windows, $rounds rounds after ${warmup}s warm-up, variants: ${variants[*]}"
"${load_cpu[@]}" wrk -t1 -c"$connections" -d"${warmup}s" "${url%/}$path" >/dev/null
n=${#variants[@]}
for round in $(seq "$rounds"); do
  line="  round $round"
  for k in $(seq 0 $((n - 1))); do
    i=$(( (k + round) % n )); v=${variants[$i]}
    if [ "$v" = off ]; then rm -f "$flag"; else props "$v" >"$flag"; fi
    sleep "$settle"  # the agent polls every 100 ms; starting or stopping the profiler is not measured
    before=$(ls "$out" | wc -l)
    rps=$("${load_cpu[@]}" wrk -t1 -c"$connections" -d"${seconds}s" "${url%/}$path" | awk '/^Requests\/sec:/ { print $2 }')
    files=$(( $(ls "$out" | wc -l) - before ))
    echo "$round $v $rps $files" >>"$work/results"
    line+=$(printf '  %s %.1f' "$v" "$rps")
  done
  echo "$line"
done
! grep -q "bench-agent-toggle failed" "$log" || { grep "bench-agent-toggle failed" "$log" >&2; exit 1; }
bare_windows=$(awk '$2 == "bare"' "$work/results" | wc -l)
bare_started=$(grep -c "bench-agent-toggle bare: Profiling started" "$log" || true)
[ "$bare_started" -ge "$bare_windows" ] || { echo "async-profiler alone started $bare_started times for $bare_windows bare windows" >&2; exit 1; }

# per variant: mean and median over rounds 2.. of (variant / off of the same round), the standard
# error, and the profiles written while it was on (a reqprof variant that wrote none was not really on)
awk -v vars="${variants[*]}" '
  { rps[$1, $2] = $3; files[$2] += $4; if ($1 > R) R = $1 }
  END {
    nv = split(vars, v, " ")
    printf "\nratio to off in the same round (rounds 2..%d):\n", R
    for (j = 2; j <= nv; j++) {
      s = 0; ss = 0; m = 0
      for (r = 2; r <= R; r++) {
        x = rps[r, v[j]] / rps[r, "off"]; s += x; ss += x * x
        for (k = m; k > 0 && sorted[k] > x; k--) sorted[k + 1] = sorted[k]
        sorted[k + 1] = x; m++
      }
      mean = s / m; sd = sqrt(ss / m - mean * mean)
      median = m % 2 ? sorted[(m + 1) / 2] : (sorted[m / 2] + sorted[m / 2 + 1]) / 2
      se = m > 1 ? sprintf("±%.3f", sd / sqrt(m - 1)) : "n/a, one round"
      wrote = v[j] == "bare" ? "async-profiler alone" : sprintf("%d profiles written", files[v[j]])
      printf "  %-7s mean %.3f (%s standard error), median %.3f, rounds ranged %.3f..%.3f; %s\n", v[j], mean, se, median, sorted[1], sorted[m], wrote
    }
    printf "  off wrote %d profiles (must be 0)\n", files["off"]
    # a figure of a variant that did not profile is worse than none
    bad = files["off"] > 0
    for (j = 2; j <= nv; j++) if (v[j] != "bare" && files[v[j]] == 0) { printf "  %s wrote no profile: not measured\n", v[j]; bad = 1 }
    if (bad) exit 1
  }' "$work/results" || { echo "a variant did not do what it claims; the ratios above are not figures" >&2; exit 1; }
