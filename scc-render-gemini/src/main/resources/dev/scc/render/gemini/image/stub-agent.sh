#!/bin/sh
# Offline test stand-in for the agent CLI: reports its argv and identity, then idles like an agent would.
echo "stub-agent $(basename "$0") uid=$(id -u) args=$*"
case "${1:-}" in --version) exit 0 ;; esac
exec sleep infinity
