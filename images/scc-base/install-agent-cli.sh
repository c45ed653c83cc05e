#!/bin/sh
# Installs an agent CLI the way its users get it: the pinned npm package, installed globally with npm.
#   install-agent-cli.sh PACKAGE VERSION COMMAND
# Node.js comes from the distribution (apt) when the base has none; npm from the npm registry (its own package,
# pinned by NPM_VERSION) when the base has none, so no distribution npm with its hundreds of packages is needed.
# NPM_REGISTRY picks a registry mirror (air-gapped sites); extra CAs of `scc image build --ca-cert` are trusted by
# curl (system store) and Node (NODE_EXTRA_CA_CERTS). curl is SCC's wrapper after scc-base: during a build no
# evaluator runs, so the real binary is used here.
set -eu
pkg=${1:?usage: install-agent-cli.sh PACKAGE VERSION COMMAND}
version=${2:?version}
cmd=${3:?command}
registry=${NPM_REGISTRY:-https://registry.npmjs.org}
registry=${registry%/}
curl=/usr/lib/scc/real/curl
[ -x "$curl" ] || curl=curl
if ! command -v node >/dev/null 2>&1; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs
  rm -rf /var/lib/apt/lists/*
fi
if ! command -v npm >/dev/null 2>&1; then
  npm_version=${NPM_VERSION:?NPM_VERSION}
  install -d -m 0755 /usr/local/lib/node_modules/npm
  "$curl" -fsSL "$registry/npm/-/npm-$npm_version.tgz" | tar -xz --no-same-owner --strip-components=1 \
    -C /usr/local/lib/node_modules/npm
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm
fi
npm install -g --registry "$registry/" --no-fund --no-audit --update-notifier=false --loglevel=error "$pkg@$version"
npm cache clean --force >/dev/null 2>&1 || true
"$cmd" --version
