#!/usr/bin/env bash
# Merge-at-scale benchmark (JMH). Prints JMH's table; docs/benchmarks.md records a run and how to read it.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$BENCH_ROOT"
bench_scc_bench
java -cp "$BENCH_CP" org.openjdk.jmh.Main "${@:-MergeBenchmark}"
