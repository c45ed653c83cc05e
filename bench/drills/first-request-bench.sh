#!/usr/bin/env bash
# Time from `scc start` to the agent's first request to the model endpoint, against the same topology started by
# hand with the docker CLI, side by side in one run (goal: ≤ 1.3× by hand).
#   SCC:     ./scc start --model-endpoint http://model.test --prompt hi WS   (governed: org file, setup, real claude)
#   by hand: docker network create --internal; docker create/connect/start the Squid (same image, ACL, hardening);
#            docker run the agent (same image, hardening, mounts, env); wait for Squid; docker exec claude -p hi
# Both end at the moment the scripted model (dev.scc.testkit.model.FakeModelMain, in a container on an --internal
# network of this run) has recorded the first POST /v1/messages; the host polls its request log every 5 ms.
# Needs .ci/docker.sh (offline rootfs), a built checkout (mvn -B package), and SCC_CA_CERTS where TLS is
# intercepted (the images are built with ./scc image build first, or found up to date).
# Usage: bench/drills/first-request-bench.sh [ROUNDS]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
cd "$BENCH_ROOT"
N=${1:-5}
RUN=fr$$
bench_workdir
W=$BENCH_WORK
ROOTFS=$BENCH_ROOTFS
export SCC_IMAGE_PREFIX=scc-e2e- SCC_SERVER=0 NO_COLOR=1
export HOME=$W/home XDG_CONFIG_HOME=$W/home/.config XDG_STATE_HOME=$W/home/.local/state XDG_CACHE_HOME=$W/home/.cache
INET=scc-$RUN-inet
session_volumes_down() {
  for s in $(ls "$XDG_STATE_HOME/scc/sessions" 2>/dev/null | grep '\.json$' | sed 's/\.json$//'); do
    docker volume ls -q --filter label=scc.session=$s | xargs -r docker volume rm >/dev/null 2>&1 || true
  done
}
# run last to first: SCC's sessions, the labelled containers and networks, then the sessions' volumes
bench_at_exit session_volumes_down
bench_at_exit 'bench_docker_down $RUN'
bench_at_exit './scc stop --all >/dev/null 2>&1'
mkdir -p "$HOME" "$W/cp/lib" "$W/data"

bench_images claude
AGENT=$BENCH_AGENT_IMAGE; PROXY=$BENCH_PROXY_IMAGE

# The scripted model: this build's testkit classes and Jackson, on the rootfs's JRE.
cp -r scc-testkit/target/classes "$W/cp/classes"
cp scc-cli/target/lib/jackson-core-*.jar scc-cli/target/lib/jackson-databind-*.jar \
   scc-cli/target/lib/jackson-annotations-*.jar "$W/cp/lib/"
echo "say hi" >"$W/data/script.txt"
chmod -R a+rwX "$W/data"
docker network create --internal --subnet 198.51.100.0/24 --label scc.bench=$RUN "$INET" >/dev/null
docker run -d --name scc-$RUN-model --label scc.bench=$RUN --network "$INET" --ip 198.51.100.30 --dns 127.0.0.1 \
  -v "$W/cp:/cp:ro" -v "$W/data:/data" "$ROOTFS" java -cp '/cp/classes:/cp/lib/*' \
  dev.scc.testkit.model.FakeModelMain anthropic 80 /data >/dev/null
until docker logs scc-$RUN-model 2>&1 | grep -q "fake model listening"; do sleep 0.1; done

cat >"$W/org.yaml" <<'ORG'
schema_version: "1.0.0"
organization: {name: Bench, id: bench}
destination_sets:
  model-gateway: {hosts: [model.test]}
defaults:
  network_policy: web-egress-enforced
  destination_sets: [model-gateway]
profiles:
  dev: {allowed_providers: [claude]}
ORG
./scc setup --org "$W/org.yaml" --team dev --provider claude --yes >/dev/null
export SCC_EGRESS_NETWORK=$INET SCC_PROXY_DNS=127.0.0.1 SCC_PROXY_HOSTS=model.test:198.51.100.30
export SCC_MODEL_ENDPOINT=http://model.test ANTHROPIC_API_KEY=sk-bench
mkdir -p "$W/ws" && git -C "$W/ws" init -q -b main && chown -R 1000:1000 "$W/ws" 2>/dev/null || chmod -R a+rwX "$W/ws"
touch scc-cli/target/scc-cli.jar
./scc --version >/dev/null   # the launcher's class-data-sharing archive, outside the timings

now() { date +%s%N; }
seen() { [ -f "$W/data/requests.jsonl" ] && wc -l <"$W/data/requests.jsonl" || echo 0; }
# Waits until the model has recorded a request beyond $1.
first_request() { while [ "$(seen)" -le "$1" ]; do sleep 0.005; done; }

ACL=$(printf 'acl scc_ip_literal dstdom_regex -n ^[0-9]+(\\.[0-9]+)*$\nhttp_access deny scc_ip_literal\nacl scc_allowed dstdomain -n api.anthropic.com claude.ai console.anthropic.com model.test statsig.anthropic.com\nhttp_access deny !scc_allowed\nhttp_access allow scc_allowed\nhttp_access deny all\n' | base64 -w0)
by_hand() {
  local id=h$1 net=scc-$RUN-h$1-net
  docker network create --internal --label scc.bench=$RUN "$net" >/dev/null
  docker create --name "scc-$RUN-$id-proxy" --label scc.bench=$RUN --network "$net" --dns 127.0.0.1 \
    --cap-drop ALL --security-opt no-new-privileges --read-only --tmpfs /tmp:rw,nosuid,nodev,size=64m --init \
    --memory 256m --cpus 1 --pids-limit 256 --add-host model.test:198.51.100.30 -e SCC_SQUID_ACL_B64="$ACL" \
    "$PROXY" >/dev/null
  docker network connect "$INET" "scc-$RUN-$id-proxy"
  docker start "scc-$RUN-$id-proxy" >/dev/null
  local p=http://scc-$RUN-$id-proxy:3128
  docker run -d --name "scc-$RUN-$id-agent" --label scc.bench=$RUN --network "$net" --dns 127.0.0.1 \
    --cap-drop ALL --cap-add SETUID --cap-add SETGID --security-opt no-new-privileges --init \
    --memory 4g --cpus 2 --pids-limit 512 --mount "type=bind,src=$W/ws,dst=/workspace" -w /workspace \
    -e HTTP_PROXY=$p -e http_proxy=$p -e HTTPS_PROXY=$p -e https_proxy=$p -e NO_PROXY=localhost,127.0.0.1 \
    -e ANTHROPIC_BASE_URL=http://model.test -e ANTHROPIC_API_KEY=sk-bench -e CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 \
    -e DISABLE_ERROR_REPORTING=1 -e CLAUDE_CONFIG_DIR=/home/agent/.claude "$AGENT" >/dev/null
  until docker logs "scc-$RUN-$id-proxy" 2>&1 | grep -q "Accepting HTTP Socket connections"; do sleep 0.02; done
  docker exec -u 1000:1000 "scc-$RUN-$id-agent" claude --dangerously-skip-permissions -p hi >/dev/null
}
hand_down() {
  docker rm -f "scc-$RUN-h$1-agent" "scc-$RUN-h$1-proxy" >/dev/null; docker network rm "scc-$RUN-h$1-net" >/dev/null
}

declare -a S H
for i in $(seq 1 "$N"); do
  n=$(seen); t0=$(now)
  ./scc start --prompt hi "$W/ws" >/dev/null 2>&1 &
  first_request "$n"; t1=$(now); wait
  S+=($(( (t1 - t0) / 1000000 ))); ./scc stop --all >/dev/null
  n=$(seen); t0=$(now)
  by_hand "$i" &
  first_request "$n"; t1=$(now); wait
  H+=($(( (t1 - t0) / 1000000 ))); hand_down "$i"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
ms=$(median "${S[@]}"); mh=$(median "${H[@]}")
echo "rounds: $N (alternating); scc start -> first model request: ${S[*]} ms; by hand: ${H[*]} ms"
echo "median: scc $ms ms, by hand $mh ms, ratio $(awk -v a="$ms" -v b="$mh" 'BEGIN {printf "%.2f", a/b}')x"
