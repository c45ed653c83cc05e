#!/usr/bin/env bash
# Credential broker on loopback, side by side with the same upstream reached directly, in one JVM (rounds
# alternate): time to first byte of a streamed model response, streaming throughput, and a clone of a 100 MB
# repository by the real git through `git http-backend` behind TLS. Source: scc-broker/src/test/java/dev/scc/
# broker/bench/BrokerBench.java (compiled by every build). Results: docs/benchmarks.md.
# Usage: bench/broker/run.sh [TTFB_ROUNDS STREAM_MB STREAM_ROUNDS GIT_MB GIT_ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -o -q -B -pl scc-broker -am test-compile -DskipTests
CP_FILE=$(mktemp)
trap 'rm -f "$CP_FILE"' EXIT
mvn -o -q -B -pl scc-broker dependency:build-classpath -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test >/dev/null
# scc-policy, scc-core and the providers (the org schema's provider ids come from them) come from this
# checkout's reactor, not from ~/.m2.
CP="scc-broker/target/test-classes:scc-broker/target/classes:scc-policy/target/classes:scc-core/target/classes"
CP="$CP:scc-render-claude/target/classes:scc-render-codex/target/classes"
CP="$CP:scc-safety/target/classes:scc-testkit/target/classes:$(cat "$CP_FILE")"
exec java -Xmx1g -cp "$CP" dev.scc.broker.bench.BrokerBench "$@"
