#!/usr/bin/env bash
# Launch time to a ready agent in web-egress-enforced mode: `scc start --detach` versus the same topology made
# by hand with the docker CLI (internal network, dual-homed hardened Squid, hardened agent, wait for Squid).
# Runs the two side by side, alternating, N rounds; prints medians and the ratio. Needs .ci/docker.sh; the images
# are the user's: ./scc image build --base-image scc-ci-rootfs:bookworm-2 (prefix scc-e2e-, found up to date when
# the drills built them; SCC_CA_CERTS where TLS is intercepted).
# Usage: bench/runtime/launch-bench.sh [ROUNDS]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
cd "$BENCH_ROOT"
N=${1:-7}
RUN=bench$$
bench_workdir
W=$BENCH_WORK
# run last to first: the labelled containers and networks, then what scc made
bench_at_exit 'XDG_STATE_HOME=$W/state ./scc prune >/dev/null 2>&1'
bench_at_exit 'bench_docker_down $RUN'
P=scc-e2e-
# SCC_SERVER=0: every ./scc here is a JVM of its own (the resident server would answer --version from a warm one).
export SCC_IMAGE_PREFIX=$P XDG_STATE_HOME=$W/state SCC_PROXY_DNS=127.0.0.1 SCC_SERVER=0
bench_images claude
AGENT=$BENCH_AGENT_IMAGE; PROXY=$BENCH_PROXY_IMAGE
EGRESS=scc-$RUN-egress
docker network create --internal --label scc.bench=$RUN "$EGRESS" >/dev/null
export SCC_EGRESS_NETWORK=$EGRESS
mkdir -p "$W/ws" && git init -q "$W/ws"  # scc start mounts a repository without asking (--confirm-workspace)
# Build the jar outside the timings. The launcher's class-data-sharing archive is written by the first run;
# make that a run that touches the engine (as a user's first `scc start` would), so it holds docker-java too.
(unset XDG_CACHE_HOME; ./scc --version >/dev/null)
# The launcher rebuilds whenever a source is newer than scc-cli.jar, but a reproducible jar whose content did not
# change keeps its old mtime; mark it fresh so no round pays for a Maven run.
touch scc-cli/target/scc-cli.jar
export XDG_CACHE_HOME=$W/cache   # a CDS archive of this run's own, untouched by other checkouts
./scc sessions >/dev/null
now() { date +%s%N; }
ms() { echo $(( ($2 - $1) / 1000000 )); }
ACL=$(printf 'acl scc_ip_literal dstdom_regex -n ^[0-9]+(\\.[0-9]+)*$\nhttp_access deny scc_ip_literal\nacl scc_allowed dstdomain -n web.test\nhttp_access deny !scc_allowed\nhttp_access allow scc_allowed\nhttp_access deny all\n' | base64 -w0)

by_hand() {
  local id=h$1 net=scc-$RUN-h$1-net
  docker network create --internal --label scc.bench=$RUN "$net" >/dev/null
  docker create --name "scc-$RUN-$id-proxy" --label scc.bench=$RUN --network "$net" --dns 127.0.0.1 \
    --cap-drop ALL --security-opt no-new-privileges --read-only --tmpfs /tmp:rw,nosuid,nodev,size=64m --init \
    --memory 256m --cpus 1 --pids-limit 256 -e SCC_SQUID_ACL_B64="$ACL" "$PROXY" >/dev/null
  docker network connect "$EGRESS" "scc-$RUN-$id-proxy"
  docker start "scc-$RUN-$id-proxy" >/dev/null
  local ip; ip=$(docker inspect -f "{{(index .NetworkSettings.Networks \"$net\").IPAddress}}" "scc-$RUN-$id-proxy")
  docker run -d --name "scc-$RUN-$id-agent" --label scc.bench=$RUN --network "$net" --dns 127.0.0.1 \
    --cap-drop ALL --cap-add SETUID --cap-add SETGID --security-opt no-new-privileges --init \
    --memory 4g --cpus 2 --pids-limit 512 --mount "type=bind,src=$W/ws,dst=/workspace" \
    -e HTTP_PROXY=http://$ip:3128 -e http_proxy=http://$ip:3128 -e HTTPS_PROXY=http://$ip:3128 \
    -e https_proxy=http://$ip:3128 -w /workspace "$AGENT" >/dev/null
  until docker logs "scc-$RUN-$id-proxy" 2>&1 | grep -q "Accepting HTTP Socket connections"; do sleep 0.02; done
}
hand_down() {
  docker rm -f "scc-$RUN-h$1-agent" "scc-$RUN-h$1-proxy" >/dev/null; docker network rm "scc-$RUN-h$1-net" >/dev/null
}

declare -a S H V
for i in $(seq 1 "$N"); do
  t0=$(now); ./scc start --detach --provider claude --allow web.test "$W/ws" >/dev/null; t1=$(now)
  S+=("$(ms "$t0" "$t1")"); ./scc stop --all >/dev/null
  t0=$(now); by_hand "$i"; t1=$(now); H+=("$(ms "$t0" "$t1")"); hand_down "$i"
  t0=$(now); ./scc --version >/dev/null; t1=$(now); V+=("$(ms "$t0" "$t1")")
done
CP="scc-cli/target/scc-cli.jar:$(ls scc-cli/target/lib/*.jar | tr '\n' ':')"
mapfile -t L < <(java --source 17 -cp "$CP" bench/runtime/LaunchBench.jsrc "$W/ws" "$N" 2>/dev/null)
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ms_s=$(median "${S[@]}"); ms_h=$(median "${H[@]}"); ms_v=$(median "${V[@]}"); ms_l=$(median "${L[@]}")
echo "rounds: $N"
echo "scc start --detach (enforced, to ready): ${S[*]} ms  median $ms_s"
echo "docker CLI by hand (same topology):      ${H[*]} ms  median $ms_h"
echo "scc --version (JVM start, no engine):     ${V[*]} ms  median $ms_v"
echo "in-JVM launch (warm, library only):      ${L[*]} ms  median $ms_l"
awk -v s="$ms_s" -v h="$ms_h" -v v="$ms_v" -v l="$ms_l" 'BEGIN {
  printf "ratio scc CLI/by-hand: %.2fx   CLI minus JVM start/by-hand: %.2fx   in-JVM/by-hand: %.2fx\n", s/h, (s-v)/h, l/h }'
