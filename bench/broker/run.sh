#!/usr/bin/env bash
# Credential broker on loopback, side by side with the same upstream reached directly, in one JVM (rounds
# alternate): time to first byte of a streamed model response, streaming throughput, and a clone of a 100 MB
# repository by the real git through `git http-backend` behind TLS. Source: scc-broker/src/test/java/dev/scc/
# broker/bench/BrokerBench.java (compiled by every build). Results: docs/benchmarks.md.
# Usage: bench/broker/run.sh [TTFB_ROUNDS STREAM_MB STREAM_ROUNDS GIT_MB GIT_ROUNDS]
#        [BASELINE_CLASSES=DIR] bench/broker/run.sh scanner [MB ROUNDS]
#   the usage scanner alone, CPU time per byte (UsageScannerBench); with BASELINE_CLASSES (a directory of another
#   build's compiled dev/scc/broker/meter classes) that scanner runs instead: alternate both for a side-by-side figure.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
cd "$BENCH_ROOT"
mvn -o -q -B -pl scc-broker -am test-compile -DskipTests
bench_workdir
CP_FILE=$BENCH_WORK/classpath
mvn -o -q -B -pl scc-broker dependency:build-classpath -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test >/dev/null
# scc-policy, scc-core and the providers (the org schema's provider ids come from them) come from this
# checkout's reactor, not from ~/.m2.
CP="scc-broker/target/test-classes:scc-broker/target/classes:scc-policy/target/classes:scc-core/target/classes"
CP="$CP:scc-render-claude/target/classes:scc-render-codex/target/classes"
CP="$CP:scc-safety/target/classes:scc-testkit/target/classes:$(cat "$CP_FILE")"
if [ "${1:-}" = scanner ]; then
  shift
  java -Xmx512m -cp "${BASELINE_CLASSES:+$BASELINE_CLASSES:}$CP" dev.scc.broker.bench.UsageScannerBench "$@"
  exit
fi
java -Xmx1g -cp "$CP" dev.scc.broker.bench.BrokerBench "$@"
