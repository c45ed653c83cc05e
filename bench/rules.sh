#!/usr/bin/env bash
# Action-rule evaluation benchmark (JMH, SampleTime: p99 per action). docs/benchmarks.md records a run.
# Arguments are JMH options (bench/rules.sh -f 1 -wi 3 -i 5 -w 1 -r 1); BENCH=regex picks other benchmarks.
# INTERLEAVED=1 bench/rules.sh [calls]: the same cases timed call by call, interleaved (RuleEvalInterleaved).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$BENCH_ROOT"
bench_scc_bench
cp=$BENCH_CP
if [ "${INTERLEAVED:-0}" = 1 ]; then
  exec java -cp "$cp" dev.scc.bench.RuleEvalInterleaved "$@"
fi
java -cp "$cp" org.openjdk.jmh.Main "${BENCH:-RuleEvalBenchmark}" "$@"
