#!/usr/bin/env bash
# rabbitmq-startup.sh - how long Debian's RabbitMQ takes from launch until its AMQP port answers the
# 0-9-1 protocol header with connection.start, for the comparison in docs/benchmarks.md ("Start-up
# for tests"). Each round starts a private node (its own RABBITMQ_NODENAME, ports, an empty
# RABBITMQ_BASE in a temp dir, no plugins) and its own epmd on a private port (ERL_EPMD_PORT), so
# nothing another node on the machine uses is touched; then stops the node and that epmd by pid.
#
# Usage: bench/scripts/rabbitmq-startup.sh [ROUNDS]     (default 3)
# Env:   RMQ_BIN (default /usr/lib/rabbitmq/bin: Debian's scripts that run as the calling user)
#        RMQ_PORT (default 5790; the dist port is +20000, the epmd port +30000)
set -u -o pipefail
ROUNDS=${1:-3}
BIN=${RMQ_BIN:-/usr/lib/rabbitmq/bin}
PORT=${RMQ_PORT:-5790}

# The first octet of a reply to the protocol header: 1 (a method frame: connection.start) or nothing yet.
probe() {
  python3 - "$1" <<'PY'
import socket, sys
try:
    s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=0.2)
    s.settimeout(2)
    s.sendall(b"AMQP\x00\x00\x09\x01")
    b = s.recv(1)
    sys.exit(0 if b == b"\x01" else 1)
except OSError:
    sys.exit(1)
PY
}

pid_on_port() { ss -ltnpH "sport = :$1" 2>/dev/null | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1; }

results=()
for round in $(seq 1 "$ROUNDS"); do
  DIR=$(mktemp -d "${TMPDIR:-/tmp}/rabbitmq-startup-XXXXXX")
  mkdir -p "$DIR/home" "$DIR/log" "$DIR/mnesia"
  export HOME="$DIR/home" RABBITMQ_BASE="$DIR" RABBITMQ_MNESIA_BASE="$DIR/mnesia" RABBITMQ_LOG_BASE="$DIR/log"
  export RABBITMQ_NODENAME="startup$round@localhost" RABBITMQ_NODE_PORT=$PORT RABBITMQ_DIST_PORT=$((PORT + 20000))
  export ERL_EPMD_PORT=$((PORT + 30000)) RABBITMQ_CONF_ENV_FILE="$DIR/rabbitmq-env.conf"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$DIR/enabled_plugins" RABBITMQ_CONFIG_FILE="$DIR/rabbitmq.conf"
  export RABBITMQ_PID_FILE="$DIR/node.pid"
  : > "$RABBITMQ_CONF_ENV_FILE"
  echo '[].' > "$RABBITMQ_ENABLED_PLUGINS_FILE"
  echo "listeners.tcp.default = 127.0.0.1:$PORT" > "$RABBITMQ_CONFIG_FILE"
  t0=$(date +%s.%N)
  "$BIN/rabbitmq-server" > "$DIR/stdout.log" 2> "$DIR/stderr.log" < /dev/null &
  ok=0
  for _ in $(seq 1 1200); do if probe "$PORT"; then ok=1; break; fi; sleep 0.02; done
  t1=$(date +%s.%N)
  node=$(cat "$RABBITMQ_PID_FILE" 2>/dev/null)
  [ -n "$node" ] || node=$(pid_on_port "$PORT")
  epmd=$(pid_on_port "$ERL_EPMD_PORT")
  if [ "$ok" = 1 ]; then
    s=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", b-a}')
    results+=("$s")
    echo "round $round: launch to connection.start $s s (node pid ${node:-?}, epmd pid ${epmd:-?})"
  else
    echo "round $round: no connection.start within 24 s; see $DIR/log" >&2
  fi
  if [ -n "$node" ]; then
    kill -TERM "$node"
    for _ in $(seq 1 600); do kill -0 "$node" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$node" 2>/dev/null && kill -KILL "$node"
  fi
  [ -n "$epmd" ] && kill -TERM "$epmd" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$DIR"
done
echo "launch to connection.start, seconds: ${results[*]}"
