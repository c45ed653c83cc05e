#!/usr/bin/env bash
# Start-to-exit benchmark of `scc --help` and `scc config explain --org FILE --team T --json`, side by side
# with a hello-world JVM, in one interleaved run (each round runs every command once, in a shuffled order, so
# machine load drifts over all of them alike). Prints a markdown table: median, p95, min and the ratio of each
# median to the hello-world median.
#
#   bench/startup/run.sh            # 30 measured rounds after 3 warm-up rounds
#   RUNS=60 bench/startup/run.sh
#
# Needs: JDK 17 (java, javac), python3; builds the CLI through ./scc when needed. Writes only to a temp dir.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
root=$BENCH_ROOT
runs=${RUNS:-30}
warmup=${WARMUP:-3}
bench_workdir
work=$BENCH_WORK
# The resident server this run starts lives in its own runtime directory and is stopped at the end.
export XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache" XDG_STATE_HOME="$work/state" XDG_RUNTIME_DIR="$work/run"
mkdir -m 700 "$XDG_RUNTIME_DIR"
bench_at_exit '"$root/scc" server stop >/dev/null 2>&1'

bench_hello "$work"

"$root/scc" --version >/dev/null   # builds the jar when it is missing or stale
jar="$root/scc-cli/target/scc-cli.jar"
org="$root/examples/org.yaml"
tuned="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xshare:auto"
# The launcher's first run makes its AppCDS archive (trained on the explain command: it loads the most) and starts
# the resident server in the background; wait until the server answers.
"$root/scc" config explain --org "$org" --team backend --json >/dev/null
bench_await_server "$root/scc" || { echo "the resident server did not start" >&2; exit 1; }

python3 - "$runs" "$warmup" <<PY
import os, random, shlex, statistics, subprocess, sys, time, platform
runs, warmup = int(sys.argv[1]), int(sys.argv[2])
explain = "config explain --org $org --team backend --json"
cmds = {
    "hello-world (java -cp . Hello)":              "java -cp $work Hello",
    "hello-world, tuned flags":                    "java $tuned -cp $work Hello",
    "scc --help: java -jar":                       "java -jar $jar --help",
    "scc --help: tuned flags, no AppCDS":          "java $tuned -jar $jar --help",
    "scc --help: ./scc, own JVM (SCC_SERVER=0)":   "env SCC_SERVER=0 $root/scc --help",
    "scc --help: ./scc, resident server":          "$root/scc --help",
    # On a pseudo-terminal (util-linux 'script'): the client measures the terminal itself.
    "hello-world on a terminal":                   "script -qec 'java -cp $work Hello' /dev/null",
    "scc --help on a terminal: ./scc, own JVM":    "script -qec 'SCC_SERVER=0 $root/scc --help' /dev/null",
    "scc --help on a terminal: ./scc, server":     "script -qec '$root/scc --help' /dev/null",
    "scc config explain --json: java -jar":        "java -jar $jar " + explain,
    "scc config explain --json: ./scc, own JVM":   "env SCC_SERVER=0 $root/scc " + explain,
    "scc config explain --json: ./scc, server":    "$root/scc " + explain,
}
times = {k: [] for k in cmds}
for r in range(warmup + runs):
    order = list(cmds.items())
    random.shuffle(order)
    for name, c in order:
        t0 = time.perf_counter_ns()
        p = subprocess.run(shlex.split(c), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        dt = (time.perf_counter_ns() - t0) / 1e6
        if p.returncode != 0:
            sys.exit(f"{name} failed ({p.returncode}): {p.stderr.decode()}")
        if r >= warmup:
            times[name].append(dt)
def p95(v):
    s = sorted(v); return s[min(len(s) - 1, int(round(0.95 * (len(s) - 1))))]
base = statistics.median(times["hello-world (java -cp . Hello)"])
jv = subprocess.run(["java", "-version"], stderr=subprocess.PIPE).stderr.decode().splitlines()[0]
print(f"Machine: {os.cpu_count()} cores, {platform.platform()}, {jv}; {runs} interleaved rounds after {warmup} warm-up rounds.\n")
print("| command | median ms | p95 ms | min ms | median / hello-world |")
print("|---|---:|---:|---:|---:|")
for name, v in times.items():
    m = statistics.median(v)
    print(f"| {name} | {m:.0f} | {p95(v):.0f} | {min(v):.0f} | {m / base:.2f}x |")
PY
