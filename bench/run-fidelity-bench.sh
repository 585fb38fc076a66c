#!/bin/sh
# How close per-request CPU and wall estimates come to the truth, per engine: the attribution
# tests' scenario run several times (see FidelityBenchmark). Exits 1 if a round did not deliver.
# Usage: bench/run-fidelity-bench.sh [rounds] [engines]   (default: 3 async,jfr)
set -e
cd "$(dirname "$0")/.."
./mvnw -B -q -pl bench -am package -DskipTests
exec java -cp bench/target/reqprof-bench.jar io.reqprof.bench.FidelityBenchmark "$@"
