#!/bin/sh
# Keeps the resident safety evaluator running. Started by entrypoint.sh as scc-safety, with no-new-privs and
# in a session of its own, so the agent (another uid, no CAP_KILL) can neither signal it nor its evaluator.
#   evaluator-supervisor.sh JAR SOCKET LOG EVALUATOR-OPTIONS...
# Restart policy (like systemd's Restart=on-failure):
#   * any exit is followed by a restart (crash, OOM kill = SIGKILL, exit 1 when it cannot listen, ...), after
#     a backoff of 0.2 s doubling up to 5 s, back to 0.2 s once an evaluator has run for a healthy minute; an
#     evaluator that keeps failing is so tried at most every 5 s and never spins the CPU;
#   * exit status 143 (SIGTERM: only scc-safety itself, or the engine stopping the container, can send it) is a
#     deliberate stop: no restart, and the supervisor ends.
# Meanwhile the wrappers find no socket and fail closed. A socket left behind by a killed evaluator is removed
# (the directory is writable by scc-safety only, so nobody else can put one there). Each exit and restart is
# one line in LOG; a restarted evaluator gets --restarted N --last-exit STATUS and, with --audit-log, writes an
# evaluator_restarted record to the session's audit spool itself.
# The class name is written here, not passed on this script's command line: tools that look for the evaluator
# by "EvaluatorMain" in /proc/*/cmdline find the java process only.
set -u
jar=$1 sock=$2 log=$3
shift 3
exec >>"$log" 2>&1

min_ms=200
max_ms=5000
healthy_s=60
delay_ms=$min_ms
restarts=0
status=0
child=
stopping=

ts() { date -u +%Y-%m-%dT%H:%M:%SZ; }
seconds() { printf '%d.%d' $(($1 / 1000)) $(($1 % 1000 / 100)); }
describe() {
  if [ "$1" -gt 128 ] && [ "$1" -lt 160 ]; then
    echo "was ended by signal $(($1 - 128)) (exit status $1)"
  else
    echo "exited with status $1"
  fi
}
# Stopping the supervisor (as scc-safety) stops its evaluator too, and nothing is restarted.
trap 'stopping=1; [ -n "$child" ] && kill -TERM "$child" 2>/dev/null' TERM HUP

while :; do
  started=$(date +%s)
  if [ "$restarts" -eq 0 ]; then
    java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx64m -cp "$jar" dev.scc.safety.evaluator.EvaluatorMain "$@" &
  else
    java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx64m -cp "$jar" dev.scc.safety.evaluator.EvaluatorMain "$@" \
      --restarted "$restarts" --last-exit "$status" &
  fi
  child=$!
  # wait returns early (status > 128) when a trapped signal arrives; the evaluator's own end is what counts.
  while :; do
    wait "$child"
    status=$?
    kill -0 "$child" 2>/dev/null || break
  done
  child=
  ran=$(($(date +%s) - started))
  # Nobody may find a dead socket where the evaluator was: the wrappers see "no such file" and fail closed.
  if [ -S "$sock" ]; then
    rm -f "$sock"
  fi
  if [ -n "$stopping" ]; then
    echo "$(ts) scc-safety supervisor: stopped; the evaluator $(describe "$status"); not restarting"
    exit 0
  fi
  if [ "$status" -eq 143 ]; then
    echo "$(ts) scc-safety supervisor: the evaluator was stopped with SIGTERM (exit status 143); not restarting:" \
      "git and network commands stay blocked"
    exit 0
  fi
  if [ "$ran" -ge "$healthy_s" ]; then
    delay_ms=$min_ms
  fi
  restarts=$((restarts + 1))
  echo "$(ts) scc-safety supervisor: the evaluator $(describe "$status") after ${ran} s;" \
    "restart $restarts in $(seconds "$delay_ms") s"
  sleep "$(seconds "$delay_ms")"
  if [ -n "$stopping" ]; then
    echo "$(ts) scc-safety supervisor: stopped; not restarting"
    exit 0
  fi
  delay_ms=$((delay_ms * 2))
  if [ "$delay_ms" -gt "$max_ms" ]; then
    delay_ms=$max_ms
  fi
done
