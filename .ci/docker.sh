#!/usr/bin/env bash
# Docker engine and offline test images for the runtime's integration suite (scc-runtime-docker *IT).
# Needs root on Debian 12 with no systemd. Idempotent: every step is skipped when its result exists.
#   1. installs docker.io, iptables, debootstrap, busybox-static (apt) when missing;
#   2. starts dockerd by hand when `docker info` fails (pid in target/docker-ci/dockerd.pid);
#   3. builds ONE debootstrap rootfs for agent and proxy (ca-certificates, curl, git, squid, and the JRE the
#      resident safety evaluator runs on: openjdk-17-jre-headless) and
#      `docker import`s it as scc-ci-rootfs:<key>; a busybox httpd "internet" image scc-ci-web:<key>.
# The ITs build the real images/ Dockerfiles FROM that rootfs with --network=none through docker-java.
# Only Docker images are cached outside the work tree (the rootfs lives in target/docker-ci).
set -euo pipefail
cd "$(dirname "$0")/.."
W=${SCC_CI_WORK:-$PWD/target/docker-ci}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
KEY=bookworm-2            # bump when the package list below changes
ROOTFS_IMAGE=scc-ci-rootfs:$KEY
WEB_IMAGE=scc-ci-web:$KEY
mkdir -p "$W"
t0=$(date +%s)

# 1. engine and tools -------------------------------------------------------------------------
# Versions tested on Debian 12 (2 cores); a point release can retire them from the mirror, so fall back to the
# current ones rather than fail the whole CI (the fallback is logged).
PINNED="docker.io=20.10.24+dfsg1-1+deb12u1+b6 iptables=1.8.9-2 debootstrap=1.0.128+nmu2+deb12u2 busybox-static=1:1.35.0-4+deb12u1+b1"
if ! command -v dockerd >/dev/null || ! command -v debootstrap >/dev/null || ! [ -x /bin/busybox ]; then
  apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $PINNED >"$W/apt.log" 2>&1 || {
    echo "pinned versions unavailable; installing current docker.io iptables debootstrap busybox-static" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      docker.io iptables debootstrap busybox-static >>"$W/apt.log" 2>&1
  }
fi
if ! docker info >/dev/null 2>&1; then
  # No systemd here: start the daemon by hand and wait for the API (about 0.3 s on this machine).
  nohup dockerd >"$W/dockerd.log" 2>&1 &
  echo $! >"$W/dockerd.pid"
  for _ in $(seq 1 120); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  docker info >/dev/null 2>&1 || { echo "dockerd did not start; see $W/dockerd.log" >&2; exit 1; }
fi
echo "engine: $(docker version -f '{{.Server.Version}} api {{.Server.APIVersion}}')"

# 2. one rootfs for agent + proxy: made on the host, so no container ever needs the network ------
if ! docker image inspect "$ROOTFS_IMAGE" >/dev/null 2>&1; then
  rm -rf "$W/rootfs"
  debootstrap --variant=minbase --include=ca-certificates,curl,git,squid,openjdk-17-jre-headless bookworm "$W/rootfs" "$MIRROR" \
    >"$W/debootstrap.log" 2>&1 || { tail -20 "$W/debootstrap.log" >&2; exit 1; }
  rm -rf "$W"/rootfs/var/cache/apt/archives/*.deb "$W"/rootfs/var/lib/apt/lists/* \
         "$W"/rootfs/usr/share/{doc,man,info,locale}/* "$W"/rootfs/var/log/*.log
  mkdir -p "$W/rootfs/var/lib/apt/lists/partial"
  tar -C "$W/rootfs" --numeric-owner -c . | docker import \
    -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'LABEL scc.ci=true' -c 'CMD ["/bin/bash"]' - "$ROOTFS_IMAGE" >/dev/null
  rm -rf "$W/rootfs"
fi

# 3. the test "internet": busybox httpd, no package manager involved -------------------------------
if ! docker image inspect "$WEB_IMAGE" >/dev/null 2>&1; then
  rm -rf "$W/web" && mkdir -p "$W/web/bin" "$W/web/www"
  cp /bin/busybox "$W/web/bin/"
  for a in sh httpd sleep cat; do ln -s busybox "$W/web/bin/$a"; done
  echo hello-from-test-internet >"$W/web/www/index.html"
  tar -C "$W/web" --numeric-owner -c . | docker import -c 'LABEL scc.ci=true' \
    -c 'CMD ["/bin/httpd","-f","-p","80","-h","/www"]' - "$WEB_IMAGE" >/dev/null
  rm -rf "$W/web"
fi
# Images of an earlier key are this script's own leftovers.
docker images --format '{{.Repository}}:{{.Tag}}' | grep -E '^scc-ci-(rootfs|web):' | grep -v ":$KEY\$" \
  | xargs -r docker rmi >/dev/null 2>&1 || true
echo "test images: $ROOTFS_IMAGE $WEB_IMAGE ready in $(( $(date +%s) - t0 ))s"
