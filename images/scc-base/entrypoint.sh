#!/bin/sh
# Agent container entrypoint. Runs as root with only CAP_SETUID/CAP_SETGID (the runtime drops the rest and
# sets no-new-privileges): starts the safety evaluator's supervisor as scc-safety, waits until the evaluator
# listens, then becomes the agent user for good, so the agent can neither signal the supervisor or the evaluator
# nor regain any capability.
set -eu
if [ "$(id -u)" != 0 ]; then
  exec "$@"
fi
jar=/usr/local/lib/scc/scc-safety.jar
sock=/run/scc-safety/evaluator.sock
# Starts the evaluator's supervisor (evaluator-supervisor.sh: restarts the evaluator with a backoff when it exits)
# as scc-safety with the given evaluator options, in a session of its own (no terminal signals from the agent's
# tty). The log is opened by scc-safety itself: root has no CAP_DAC_OVERRIDE here and cannot create files in
# scc-safety's directory. The supervisor is this shell's child only until the exec below; the agent cannot signal
# it (another uid), and it reaps its evaluators itself.
start_evaluator() {
  setpriv --reuid=scc-safety --regid=scc-safety --init-groups --no-new-privs \
    setsid sh /usr/local/lib/scc/evaluator-supervisor.sh "$jar" "$sock" /run/scc-safety/evaluator.log \
    --policy /etc/scc/safety-policy.json --socket "$sock" --session "${SCC_SESSION:-}" "$@" &
}
if [ -f "$jar" ] && command -v java >/dev/null 2>&1; then
  # Verdicts go to the host through the session's spool (mounted for scc-safety only), when the runtime gives one.
  if [ -d /var/lib/scc/audit-spool ]; then
    # Before a command it lets run that destroys work, the evaluator asks the host for a checkpoint (bounded wait).
    spool="--audit-log /var/lib/scc/audit-spool/verdicts.jsonl --checkpoint-requests /var/lib/scc/audit-spool/checkpoints"
  else
    spool=""
  fi
  # Approvals (optional): the runtime mounts the session's request (rw) and answer (ro) directories under
  # /var/lib/scc/approvals (0700 scc-safety: the agent cannot even look) and copies in the key, readable by
  # scc-safety only. Without them every require_approval command simply stays stopped.
  if [ -f /etc/scc/approval.key ] && [ -d /var/lib/scc/approvals/requests ] && [ -d /var/lib/scc/approvals/answers ]; then
    # shellcheck disable=SC2086 # $spool is empty or four words
    start_evaluator $spool --approvals-requests /var/lib/scc/approvals/requests \
      --approvals-answers /var/lib/scc/approvals/answers --approval-key /etc/scc/approval.key
  else
    # shellcheck disable=SC2086
    start_evaluator $spool
  fi
  evaluator=$!
  # The agent starts once the evaluator answers (the socket appears when it listens), or after 30 s, or when
  # the supervisor is gone: either way the wrappers fail closed until a socket answers.
  i=0
  while [ ! -S "$sock" ] && [ -d "/proc/$evaluator" ] && [ "$i" -lt 300 ]; do
    sleep 0.1
    i=$((i + 1))
  done
fi
export HOME=/home/agent USER=agent LOGNAME=agent
exec setpriv --reuid=agent --regid=agent --init-groups --no-new-privs "$@"
