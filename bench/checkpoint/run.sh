#!/usr/bin/env bash
# Checkpoint benchmark: full first checkpoint vs `git add -A`, incremental vs full, write throughput with a
# periodic checkpointer vs without, side by side in one run. Usage: bench/checkpoint/run.sh [ROUNDS [FILES MB WRITE_S PERIOD_MS]]
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -ntp -o -DskipTests -pl scc-bench -am package dependency:build-classpath -Dmdep.outputFile=target/bench.cp
exec java -Xmx512m -cp "scc-bench/target/classes:$(cat scc-bench/target/bench.cp)" dev.scc.bench.CheckpointBench "${@:-5}"
