#!/bin/sh
# Cost of one request bracket (enter+exit) and of a whole one-bracket request, with the profiler
# off and running, measured by JMH in one run; prints the per-operation times and on/off ratios.
# Usage: bench/run-bracket-bench.sh [extra JMH args]   (default: 3 forks x 5 x 1 s)
set -e
cd "$(dirname "$0")/.."
./mvnw -B -q -pl bench -am package -DskipTests
out=bench/target/bracket-results.csv
java -jar bench/target/reqprof-bench.jar BracketBenchmark -f 3 -wi 3 -w 1s -i 5 -r 1s -rf csv -rff "$out" "$@"
echo
echo "ns/op and ratio to profiler=off (same run):"
awk -F, 'NR>1 { gsub(/"/,""); split($1,a,"."); b=a[length(a)]; p=$NF; s[b","p]=$5; e[b","p]=$6; bs[b]=1 }
  END { for (b in bs) { off=s[b",off"]; for (k in s) { split(k,q,","); if (q[1]==b) printf "  %-13s %-6s %8.1f ns  +/- %.1f   x%.2f of off\n", b, q[2], s[k], e[k], s[k]/off } } }' "$out" | sort
