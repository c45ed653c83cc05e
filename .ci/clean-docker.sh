#!/usr/bin/env bash
# Removes what the Docker suites built or left behind, found by label: leftover build containers (scc.ci=true),
# containers and networks of crashed test runs (scc.test), test-built images (scc.image-build=true) and their
# dangling layers. Never touches anything without those labels (a developer's real sessions stay).
set -uo pipefail
docker info >/dev/null 2>&1 || exit 0
ids() { "$@" 2>/dev/null | sort -u; }
c=$(ids docker ps -aq --filter label=scc.ci=true; ids docker ps -aq --filter label=scc.test)
[ -n "$c" ] && docker rm -f $c >/dev/null 2>&1
n=$(ids docker network ls -q --filter label=scc.test)
[ -n "$n" ] && docker network rm $n >/dev/null 2>&1
i=$(ids docker images -q --filter label=scc.image-build=true)
# Children first: a pass can fail on an image another still builds on, so take a few passes.
for _ in 1 2 3; do
  left=$(ids docker images -q --filter label=scc.image-build=true)
  [ -z "$left" ] && break
  docker rmi -f $left >/dev/null 2>&1
done
docker image prune -f --filter label=scc.ci=true >/dev/null 2>&1
echo "removed: $(echo "$c" | grep -c .) containers, $(echo "$n" | grep -c .) networks, $(echo "$i" | grep -c .) images"
exit 0
