#!/usr/bin/env bash
# Installs the pinned real agent CLIs that the renderer *IT suites check rendered files with, and the pinned MCP
# server the agent drills give them.
# It only installs (npm, exact versions, into a private prefix); it runs nothing else.
#
#   .ci/clients.sh            # installs into ${SCC_CLIENTS_DIR:-/opt/scc-clients}
#   eval "$(.ci/clients.sh)"  # also exports SCC_CLIENTS_DIR for the current shell
#
# The IT tests find the CLIs through $SCC_CLIENTS_DIR/node_modules/.bin, falling back to
# /opt/scc-clients when the variable is unset, and FAIL when they are missing.
set -euo pipefail

CLAUDE_CODE_VERSION="2.1.330"   # @anthropic-ai/claude-code, pinned (npm view @anthropic-ai/claude-code version, 2026-11-22)
CODEX_VERSION="0.169.0"         # @openai/codex, pinned (npm view @openai/codex version, 2026-11-22)
MCP_MEMORY_VERSION="2026.8.31"  # @modelcontextprotocol/server-memory, pinned (npm view, 2026-12-07): the drills' real MCP server
GEMINI_CLI_VERSION="0.61.0"     # @google/gemini-cli, pinned (measured in docs/reference/agent-drills.md, 2026-12-06)

DIR="${SCC_CLIENTS_DIR:-/opt/scc-clients}"
mkdir -p "$DIR"
cd "$DIR"
if [ ! -f package.json ]; then
  printf '{\n  "name": "scc-pinned-clients",\n  "private": true\n}\n' > package.json
fi
# All clients in one install: npm prunes what a --no-save install does not name.
# --ignore-scripts is not used: codex and claude resolve their platform binaries through optional deps/postinstall.
npm install --no-audit --no-fund --no-save --loglevel=error \
  "@anthropic-ai/claude-code@${CLAUDE_CODE_VERSION}" "@openai/codex@${CODEX_VERSION}" \
  "@google/gemini-cli@${GEMINI_CLI_VERSION}" >&2
# The drills' MCP server in a prefix of its own (an install here must not prune the CLIs above).
mkdir -p "$DIR/mcp"
cd "$DIR/mcp"
if [ ! -f package.json ]; then
  printf '{\n  "name": "scc-pinned-mcp-servers",\n  "private": true\n}\n' > package.json
fi
npm install --no-audit --no-fund --no-save --loglevel=error "@modelcontextprotocol/server-memory@${MCP_MEMORY_VERSION}" >&2
echo "export SCC_CLIENTS_DIR=$DIR"
