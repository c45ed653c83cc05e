#!/usr/bin/env bash
# Overhead of one intercepted command: native wrapper -> resident evaluator (UNIX socket) -> verdict ->
# exec of the real binary, side by side with the same program spawned directly, in one run: a /bin/true stub
# (the floor: a program that does nothing) and the real git and curl (git status in a small repository,
# git --version, curl --version). Then the engine alone, and its worst case (WorstCaseBench).
# Needs: JDK 17, Maven, gcc. No Docker. Usage: bench/safety/run.sh [ROUNDS] [RUNS]
# Before/after in the same run: SCC_BASELINE=DIR, where DIR holds an older build's classes/ (scc-safety/target/classes)
# and scc-wrapper (scc-safety/target/native/scc-wrapper), adds "baseline" rows served by a second evaluator started
# from those classes (make DIR with: git worktree add /tmp/base <rev> && (cd /tmp/base && mvn -q -o -pl scc-safety
# -DskipTests package) && mkdir DIR && cp -r /tmp/base/scc-safety/target/classes /tmp/base/scc-safety/target/native/scc-wrapper DIR/).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../lib.sh"
root=$BENCH_ROOT
rounds=${1:-500}
runs=${2:-3}
warm=50

jar_classes="$root/scc-safety/target/classes"
wrapper="$root/scc-safety/target/native/scc-wrapper"
if [ ! -x "$wrapper" ] || [ ! -d "$jar_classes/dev/scc/safety/evaluator" ]; then
  (cd "$root" && mvn -B -q -ntp -pl scc-safety -DskipTests package >&2)
fi

bench_workdir
work=$BENCH_WORK
ev_pid=""
base_pid=""
stop_evaluators() {
  if [ -n "$ev_pid" ]; then kill "$ev_pid" 2>/dev/null || true; wait "$ev_pid" 2>/dev/null || true; fi
  if [ -n "$base_pid" ]; then kill "$base_pid" 2>/dev/null || true; wait "$base_pid" 2>/dev/null || true; fi
}
bench_at_exit stop_evaluators

gcc -O2 -o "$work/spawnbench" "$here/spawnbench.c"
mkdir -p "$work/bin" "$work/real"
cp "$wrapper" "$work/bin/scc-wrapper"
printf 'socket=%s\nreal_dir=%s\n' "$work/safety.sock" "$work/real" > "$work/bin/scc-wrapper.conf"
chmod 644 "$work/bin/scc-wrapper.conf"
ln -s scc-wrapper "$work/bin/git"
ln -s scc-wrapper "$work/bin/curl"
cp /bin/true "$work/real/git"
cp /bin/true "$work/real/curl"
# a second installation whose real binaries are the real git and curl
mkdir -p "$work/bin2" "$work/real2"
cp "$wrapper" "$work/bin2/scc-wrapper"
printf 'socket=%s\nreal_dir=%s\n' "$work/safety.sock" "$work/real2" > "$work/bin2/scc-wrapper.conf"
chmod 644 "$work/bin2/scc-wrapper.conf"
ln -s scc-wrapper "$work/bin2/git"
ln -s scc-wrapper "$work/bin2/curl"
ln -s "$(command -v git)" "$work/real2/git"
ln -s "$(command -v curl)" "$work/real2/curl"
repo="$work/repo"
git init -q "$repo" && (cd "$repo" && for i in $(seq 1 20); do echo "$i" > "f$i"; done && git add . \
  && git -c user.email=a@b -c user.name=a commit -qm init)
echo '{"allowed_destinations":["github.com"]}' > "$work/policy.json"
chmod 644 "$work/policy.json"

java -XX:+UseSerialGC -cp "$jar_classes" dev.scc.safety.evaluator.EvaluatorMain \
  --policy "$work/policy.json" --socket "$work/safety.sock" --audit-log "$work/audit.jsonl" >"$work/evaluator.log" 2>&1 &
ev_pid=$!
for _ in $(seq 1 300); do grep -q 'evaluator listening on' "$work/evaluator.log" && break; sleep 0.1; done
grep -q 'evaluator listening on' "$work/evaluator.log" || { cat "$work/evaluator.log" >&2; echo "evaluator did not start" >&2; exit 1; }

baseline_rows=()
if [ -n "${SCC_BASELINE:-}" ]; then
  mkdir -p "$work/bin3" "$work/real3" "$work/bin4" "$work/real4"
  for d in bin3 bin4; do cp "$SCC_BASELINE/scc-wrapper" "$work/$d/scc-wrapper"; ln -s scc-wrapper "$work/$d/git"; done
  printf 'socket=%s\nreal_dir=%s\n' "$work/base.sock" "$work/real3" > "$work/bin3/scc-wrapper.conf"
  printf 'socket=%s\nreal_dir=%s\n' "$work/base.sock" "$work/real4" > "$work/bin4/scc-wrapper.conf"
  chmod 644 "$work/bin3/scc-wrapper.conf" "$work/bin4/scc-wrapper.conf"
  cp /bin/true "$work/real3/git"
  ln -s "$(command -v git)" "$work/real4/git"
  java -XX:+UseSerialGC -cp "$SCC_BASELINE/classes" dev.scc.safety.evaluator.EvaluatorMain \
    --policy "$work/policy.json" --socket "$work/base.sock" --audit-log "$work/base-audit.jsonl" >"$work/base.log" 2>&1 &
  base_pid=$!
  for _ in $(seq 1 300); do grep -q 'evaluator listening on' "$work/base.log" && break; sleep 0.1; done
  grep -q 'evaluator listening on' "$work/base.log" || { cat "$work/base.log" >&2; echo "baseline evaluator did not start" >&2; exit 1; }
  sleep 3 # its warm-up
  baseline_rows=("0|baseline wrapper git status (allow, stub)|$work/bin3/git,status"
    "126|baseline wrapper git push --force (block)|$work/bin3/git,push,--force,origin,main"
    "0|baseline wrapper real git --version|$work/bin4/git,--version")
fi

echo "# scc-safety wrapper overhead: $(bench_machine)"
echo "# rounds per run: $rounds (after $warm warm-up rounds), runs: $runs, load: $(bench_load)"
for run in $(seq 1 "$runs"); do
  echo "## run $run"
  "$work/spawnbench" "$rounds" "$warm" \
    "0|floor /bin/true|/bin/true" \
    "0|wrapper git status (allow, exec stub)|$work/bin/git,status" \
    "126|wrapper git push --force (block)|$work/bin/git,push,--force,origin,main" \
    "0|wrapper curl github.com (allow)|$work/bin/curl,https://github.com/" \
    "0|wrapper git commit (allow, long argv)|$work/bin/git,commit,-m,wip a; b && c,--author,A <a@b>,--,x,y,z" \
    "0|bare real git status|$(command -v git),-C,$repo,status,--short" \
    "0|wrapper real git status|$work/bin2/git,-C,$repo,status,--short" \
    "0|bare real git --version|$(command -v git),--version" \
    "0|wrapper real git --version|$work/bin2/git,--version" \
    "0|bare real curl --version|$(command -v curl),--version" \
    "0|wrapper real curl --version|$work/bin2/curl,--version" \
    ${baseline_rows[@]+"${baseline_rows[@]}"}
done
echo "# audit lines written: $(wc -l < "$work/audit.jsonl")"

echo "## engine alone, in process (no socket, no spawn)"
java -XX:+UseSerialGC -cp "$jar_classes" "$here/EngineBench.java"
echo "## worst case: adversarial lines up to the cap, side by side with ordinary lines"
java -XX:+UseSerialGC -Xmx64m -cp "$jar_classes" "$here/WorstCaseBench.java" 20
