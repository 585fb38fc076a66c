#!/bin/sh
# The collector's benchmarks (issue #5): ingest throughput of concurrent gRPC uploads
# (CreateOfflineProfile, UpdateProfile, CreateProfile+UpdateProfile) at 1, 4 and 8 clients, and the
# UI's merge of 250 stored CPU profiles over HTTP (target < 1 s). The collector runs in-process on
# 127.0.0.1 (ports 0) with a fresh store in a temporary directory; profiles are generated from a seed.
# Usage: bench/run-collector-bench.sh [key=value ...]   e.g. threads=1,2 seconds=2 reps=5 only=merge
#   (options: see io.reqprof.bench.CollectorBench); NO_BUILD=1 uses the existing jar,
#   MVNW_FLAGS=-o builds offline; JAVA_OPTS (default -Xms1g -Xmx1g). Takes about 1.5 minutes.
set -e
cd "$(dirname "$0")/.."
jar=bench/target/reqprof-bench.jar
if [ "${NO_BUILD:-0}" != 1 ]; then
  ./mvnw -B -q ${MVNW_FLAGS:-} -pl bench -am package -DskipTests
fi
echo "before: $(uptime)"
# shellcheck disable=SC2086
java ${JAVA_OPTS:--Xms1g -Xmx1g} -cp "$jar" io.reqprof.bench.CollectorBench "$@"
echo "after: $(uptime)"
