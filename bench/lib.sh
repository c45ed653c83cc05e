# The bench scripts' shared preamble: sourced by each of them (`. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"`),
# never run. Each script stays a command of its own; this file only holds what several of them did alike.
#
# After sourcing:
#   BENCH_ROOT                 the checkout the sourcing script belongs to
#   bench_workdir              a temporary directory in BENCH_WORK, removed at exit, after the commands
#   bench_at_exit CMD...       ... registered here (run in reverse order; a failing one does not stop the others)
#   bench_machine              "N cores, KERNEL RELEASE, JAVA VERSION LINE" (the facts a result line names)
#   bench_load                 the 1, 5 and 15 minute load averages
#   bench_hello DIR            a compiled hello-world class (java -cp DIR Hello), the start-up baseline
#   bench_await_server SCC     waits (30 s at most) until the launcher's resident server answers; non-zero if not
#   bench_scc_bench [MVN_ARG]  builds scc-bench and sets BENCH_CP, its class path (classes and dependencies)
#   bench_images PROVIDER      ./scc image build from the offline rootfs (BENCH_ROOTFS); sets BENCH_AGENT_IMAGE and
#                              BENCH_PROXY_IMAGE from its last line
#   bench_docker_down RUN      removes the containers, then the networks, labelled scc.bench=RUN

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_ROOTFS=scc-ci-rootfs:bookworm-2
_bench_exit=()

bench_at_exit() {
  _bench_exit+=("$*")
}

_bench_cleanup() {
  local i
  for ((i = ${#_bench_exit[@]} - 1; i >= 0; i--)); do
    eval "${_bench_exit[$i]}" || true
  done
  if [ -n "${BENCH_WORK:-}" ]; then rm -rf "$BENCH_WORK"; fi
}

bench_workdir() {
  BENCH_WORK=$(mktemp -d)
  trap _bench_cleanup EXIT
}

bench_machine() {
  echo "$(nproc) cores, $(uname -sr), $(java -version 2>&1 | head -1)"
}

bench_load() {
  cut -d' ' -f1-3 /proc/loadavg
}

bench_hello() {
  printf 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n' \
    > "$1/Hello.java"
  javac -d "$1" "$1/Hello.java"
}

bench_await_server() {
  local _
  for _ in $(seq 1 300); do
    "$1" server status | grep -q '^pid ' && return 0
    sleep 0.1
  done
  "$1" server status | grep -q '^pid '
}

bench_scc_bench() {
  (cd "$BENCH_ROOT" && mvn -B -q -ntp -DskipTests "$@" -pl scc-bench -am package dependency:build-classpath \
    -Dmdep.outputFile=target/bench.cp)
  BENCH_CP="$BENCH_ROOT/scc-bench/target/classes:$(cat "$BENCH_ROOT/scc-bench/target/bench.cp")"
}

bench_images() {
  local built tags
  built=$("$BENCH_ROOT/scc" image build --provider "$1" --base-image "$BENCH_ROOTFS" | tail -1)
  tags=$(sed -n 's/^built \([^,]*\), \([^,]*\), \([^,]*\)$/\2 \3/p' <<<"$built")
  BENCH_AGENT_IMAGE=${tags% *}
  BENCH_PROXY_IMAGE=${tags#* }
  if [ -z "$tags" ] || [ -z "$BENCH_AGENT_IMAGE" ] || [ -z "$BENCH_PROXY_IMAGE" ]; then
    echo "cannot read the image tags from: $built" >&2
    return 1
  fi
}

bench_docker_down() {
  docker ps -aq --filter "label=scc.bench=$1" | xargs -r docker rm -f >/dev/null
  docker network ls -q --filter "label=scc.bench=$1" | xargs -r docker network rm >/dev/null
}
