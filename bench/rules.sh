#!/usr/bin/env bash
# Action-rule evaluation benchmark (JMH, SampleTime: p99 per action). docs/benchmarks.md records a run.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp -DskipTests -pl scc-bench -am package dependency:build-classpath -Dmdep.outputFile=target/bench.cp
java -cp "scc-bench/target/classes:$(cat scc-bench/target/bench.cp)" org.openjdk.jmh.Main "${@:-RuleEvalBenchmark}"
