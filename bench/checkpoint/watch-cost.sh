#!/usr/bin/env bash
# What watching a directory costs a writer in it: unwatched, a JDK watch held (the tracker before it suspended busy
# directories) and the shipped tracker, interleaved in slices in one run. Usage: bench/checkpoint/watch-cost.sh [ROUNDS [SECONDS [SLICE_MS]]]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
cd "$BENCH_ROOT"
bench_scc_bench -o
exec java -Xmx512m -cp "$BENCH_CP" dev.scc.bench.WatchCostBench "${@:-5}"
