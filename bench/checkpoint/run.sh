#!/usr/bin/env bash
# Checkpoint benchmark: full first checkpoint vs `git add -A`, incremental vs full, write throughput with a
# periodic checkpointer vs without, side by side in one run. Usage: bench/checkpoint/run.sh [ROUNDS [FILES MB WRITE_S PERIOD_MS]]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
cd "$BENCH_ROOT"
bench_scc_bench -o
exec java -Xmx512m -cp "$BENCH_CP" dev.scc.bench.CheckpointBench "${@:-5}"
