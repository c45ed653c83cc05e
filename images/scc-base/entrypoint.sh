#!/bin/sh
# Agent container entrypoint. Runs as root with only CAP_SETUID/CAP_SETGID (the runtime drops the rest and
# sets no-new-privileges): starts the safety evaluator as scc-safety, then becomes the agent user for good,
# so the agent can neither signal the evaluator nor regain any capability.
set -eu
if [ "$(id -u)" != 0 ]; then
  exec "$@"
fi
jar=/usr/local/lib/scc/scc-safety.jar
if [ -f "$jar" ] && command -v java >/dev/null 2>&1; then
  setpriv --reuid=scc-safety --regid=scc-safety --init-groups --no-new-privs \
    sh -c 'exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$1" dev.scc.safety.evaluator.EvaluatorMain \
      --policy /etc/scc/safety-policy.json --socket /run/scc-safety/evaluator.sock \
      >>/run/scc-safety/evaluator.log 2>&1' evaluator "$jar" &
fi
export HOME=/home/agent USER=agent LOGNAME=agent
exec setpriv --reuid=agent --regid=agent --init-groups --no-new-privs "$@"
