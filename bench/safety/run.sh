#!/usr/bin/env bash
# Overhead of one intercepted command: native wrapper -> resident evaluator (UNIX socket) -> verdict ->
# exec of the real binary, side by side with the same program spawned directly, in one run: a /bin/true stub
# (the floor: a program that does nothing) and the real git and curl (git status in a small repository,
# git --version, curl --version). Then the engine alone, and its worst case (WorstCaseBench).
# Needs: JDK 17, Maven, gcc. No Docker. Usage: bench/safety/run.sh [ROUNDS] [RUNS]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
rounds=${1:-500}
runs=${2:-3}
warm=50

jar_classes="$root/scc-safety/target/classes"
wrapper="$root/scc-safety/target/native/scc-wrapper"
if [ ! -x "$wrapper" ] || [ ! -d "$jar_classes/dev/scc/safety/evaluator" ]; then
  (cd "$root" && mvn -B -q -ntp -pl scc-safety -DskipTests package >&2)
fi

work=$(mktemp -d)
ev_pid=""
cleanup() {
  if [ -n "$ev_pid" ]; then kill "$ev_pid" 2>/dev/null || true; wait "$ev_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

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

echo "# scc-safety wrapper overhead: $(nproc) cores, $(uname -sr), $(java -version 2>&1 | head -1)"
echo "# rounds per run: $rounds (after $warm warm-up rounds), runs: $runs, load: $(cut -d' ' -f1-3 /proc/loadavg)"
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
    "0|wrapper real curl --version|$work/bin2/curl,--version"
done
echo "# audit lines written: $(wc -l < "$work/audit.jsonl")"

echo "## engine alone, in process (no socket, no spawn)"
java -XX:+UseSerialGC -cp "$jar_classes" "$here/EngineBench.java"
echo "## worst case: adversarial lines up to the cap, side by side with ordinary lines"
java -XX:+UseSerialGC -Xmx64m -cp "$jar_classes" "$here/WorstCaseBench.java" 20
