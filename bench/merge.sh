#!/usr/bin/env bash
# Merge-at-scale benchmark (JMH). Prints JMH's table; docs/benchmarks.md records a run and how to read it.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp -DskipTests -pl scc-bench -am package dependency:build-classpath -Dmdep.outputFile=target/bench.cp
java -cp "scc-bench/target/classes:$(cat scc-bench/target/bench.cp)" org.openjdk.jmh.Main "${@:-MergeBenchmark}"
