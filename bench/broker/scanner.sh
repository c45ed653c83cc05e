#!/usr/bin/env bash
# The broker's usage scanner alone: CPU time per byte of a passing stream (UsageScannerBench). With BASELINE_CLASSES
# (a directory of another build's compiled dev/scc/broker/meter classes), that scanner runs instead, for a
# side-by-side comparison; run both alternately. Results: docs/benchmarks.md.
# Usage: [BASELINE_CLASSES=DIR] bench/broker/scanner.sh [MB ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -o -q -B -pl scc-broker -am test-compile -DskipTests
CP_FILE=$(mktemp)
trap 'rm -f "$CP_FILE"' EXIT
mvn -o -q -B -pl scc-broker dependency:build-classpath -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test >/dev/null
CP="scc-broker/target/test-classes:scc-broker/target/classes:$(cat "$CP_FILE")"
exec java -Xmx512m -cp "${BASELINE_CLASSES:+$BASELINE_CLASSES:}$CP" dev.scc.broker.bench.UsageScannerBench "$@"
