#!/usr/bin/env bash
# rabbitmq-queue-memory.sh - RabbitMQ's memory per idle queue and per binding, beside Warren's
# QueueMemoryBenchmark (docs/benchmarks.md "Heap per idle queue"). Starts a private Debian
# RabbitMQ node (own RABBITMQ_NODENAME, ports, empty RABBITMQ_BASE in a temp dir, no plugins, its
# own epmd on a private port, as rabbitmq-startup.sh), declares N transient queues and binds each
# to amq.direct with the Java client, and reads the node's erlang:memory(total) (after a garbage
# collection of every process) before, after the queues and after the bindings; then stops the
# node and its epmd by pid.
#
# Usage: bench/scripts/rabbitmq-queue-memory.sh [N]      (default 20000)
# Needs: bench/target/benchmarks.jar (mvn -B -q -ntp install -DskipTests -pl bench -am).
set -u -o pipefail
N=${1:-20000}
BIN=${RMQ_BIN:-/usr/lib/rabbitmq/bin}
PORT=${RMQ_PORT:-5791}
JAR=$(cd "$(dirname "$0")/.." && pwd)/target/benchmarks.jar
DIR=$(mktemp -d "${TMPDIR:-/tmp}/rabbitmq-queue-memory-XXXXXX")
mkdir -p "$DIR/home" "$DIR/log" "$DIR/mnesia"
export HOME="$DIR/home" RABBITMQ_BASE="$DIR" RABBITMQ_MNESIA_BASE="$DIR/mnesia" RABBITMQ_LOG_BASE="$DIR/log"
export RABBITMQ_NODENAME="qmem@localhost" RABBITMQ_NODE_PORT=$PORT RABBITMQ_DIST_PORT=$((PORT + 20000))
export ERL_EPMD_PORT=$((PORT + 30000)) RABBITMQ_CONF_ENV_FILE="$DIR/rabbitmq-env.conf"
export RABBITMQ_ENABLED_PLUGINS_FILE="$DIR/enabled_plugins" RABBITMQ_CONFIG_FILE="$DIR/rabbitmq.conf"
export RABBITMQ_PID_FILE="$DIR/node.pid"
: > "$RABBITMQ_CONF_ENV_FILE"
echo '[].' > "$RABBITMQ_ENABLED_PLUGINS_FILE"
echo "listeners.tcp.default = 127.0.0.1:$PORT" > "$RABBITMQ_CONFIG_FILE"
"$BIN/rabbitmq-server" > "$DIR/stdout.log" 2> "$DIR/stderr.log" < /dev/null &
"$BIN/rabbitmqctl" -n "$RABBITMQ_NODENAME" wait --timeout 60 "$RABBITMQ_PID_FILE" > /dev/null 2>&1 \
  || { echo "the node did not start; see $DIR/log" >&2; exit 1; }
MEM="$BIN/rabbitmqctl -n $RABBITMQ_NODENAME eval '[erlang:garbage_collect(P) || P <- erlang:processes()], erlang:memory(total).'"
java -cp "$JAR" io.warrenmq.bench.QueueMemoryBenchmark remote "$PORT" "$N" "$MEM"
status=$?
node=$(cat "$RABBITMQ_PID_FILE" 2>/dev/null)
epmd=$(ss -ltnpH "sport = :$ERL_EPMD_PORT" 2>/dev/null | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1)
[ -n "$node" ] && kill -TERM "$node" && for _ in $(seq 1 600); do kill -0 "$node" 2>/dev/null || break; sleep 0.1; done
[ -n "$epmd" ] && kill -TERM "$epmd" 2>/dev/null
wait 2>/dev/null
rm -rf "$DIR"
exit $status
