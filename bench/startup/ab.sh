#!/usr/bin/env bash
# Same-run start-up comparison of two builds: this checkout against BASE (another checkout of the project, already
# built), both through their own ./scc launcher, in their own JVM (SCC_SERVER=0, AppCDS as the launcher makes it) and
# through their resident server, interleaved in shuffled rounds with a hello-world JVM.
# Prints per command the median of each build, both as a ratio to the hello-world of the same rounds, and new/base.
#   bench/startup/ab.sh BASE_DIR            # 20 measured rounds after 3 warm-up rounds
#   RUNS=40 bench/startup/ab.sh BASE_DIR
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
new=$BENCH_ROOT
base=$(cd "${1:?usage: ab.sh BASE_DIR}" && pwd)
runs=${RUNS:-20}
warmup=${WARMUP:-3}
bench_workdir
work=$BENCH_WORK
export XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache" XDG_STATE_HOME="$work/state"
mkdir -m 700 "$work/run-new" "$work/run-base"
stop() {
  XDG_RUNTIME_DIR="$work/run-new" "$new/scc" server stop >/dev/null 2>&1 || true
  XDG_RUNTIME_DIR="$work/run-base" "$base/scc" server stop >/dev/null 2>&1 || true
}
bench_at_exit stop
bench_hello "$work"
# the base's bundled example, which both builds read (a newer example may use keys the base does not know)
org="$base/examples/org.yaml"
for side in new base; do
  dir=${!side}
  # the first runs build the AppCDS archive and start the resident server; wait until it answers
  XDG_RUNTIME_DIR="$work/run-$side" "$dir/scc" config explain --org "$org" --team backend --json >/dev/null
  XDG_RUNTIME_DIR="$work/run-$side" bench_await_server "$dir/scc" || true
done
python3 - "$runs" "$warmup" "$new" "$base" "$work" "$org" <<'PY'
import os, random, statistics, subprocess, sys, time
runs, warmup, new, base, work, org = int(sys.argv[1]), int(sys.argv[2]), *sys.argv[3:]
explain = ["config", "explain", "--org", org, "--team", "backend", "--json"]
cmds = {"hello-world": (["java", "-cp", work, "Hello"], {})}
for side, d in (("new", new), ("base", base)):
    rt = {"XDG_RUNTIME_DIR": f"{work}/run-{side}"}
    cmds[f"--help, own JVM, {side}"] = ([f"{d}/scc", "--help"], {**rt, "SCC_SERVER": "0"})
    cmds[f"explain, own JVM, {side}"] = ([f"{d}/scc", *explain], {**rt, "SCC_SERVER": "0"})
    cmds[f"--help, server, {side}"] = ([f"{d}/scc", "--help"], rt)
    cmds[f"explain, server, {side}"] = ([f"{d}/scc", *explain], rt)
times = {k: [] for k in cmds}
for r in range(warmup + runs):
    order = list(cmds.items()); random.shuffle(order)
    for name, (argv, extra) in order:
        t0 = time.perf_counter_ns()
        p = subprocess.run(argv, env={**os.environ, **extra}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        dt = (time.perf_counter_ns() - t0) / 1e6
        if p.returncode != 0:
            sys.exit(f"{name} failed ({p.returncode}): {p.stderr.decode()}")
        if r >= warmup:
            times[name].append(dt)
hw = statistics.median(times["hello-world"])
print(f"{runs} rounds after {warmup} warm-up; hello-world median {hw:.0f} ms; load {os.getloadavg()[0]:.2f}")
print("| command | base median (/ hello-world) | new median (/ hello-world) | new / base |")
print("| --- | --- | --- | --- |")
for c in ("--help, own JVM", "explain, own JVM", "--help, server", "explain, server"):
    b, n = statistics.median(times[c + ", base"]), statistics.median(times[c + ", new"])
    print(f"| {c} | {b:.0f} ms ({b / hw:.2f}x) | {n:.0f} ms ({n / hw:.2f}x) | {n / b:.2f} |")
PY
