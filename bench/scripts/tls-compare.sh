#!/usr/bin/env bash
# tls-compare.sh - TLS throughput: Warren over AMQPS with BoringSSL (netty-tcnative) and with the
# JDK's TLS, against Warren over plain TCP and against RabbitMQ over AMQPS, with RabbitMQ's
# PerfTest (../shared/bench), alternating A B per round on this host. Loopback only.
#
# Usage: bench/scripts/tls-compare.sh [-r ROUNDS] [-z SECONDS] [SCENARIO...]   (default: transient-1-1 persistent-confirm)
# Needs: server/target/warren.jar (mvn -B -q -DskipTests package), Debian's rabbitmq-server, openssl.
# Prints compare.sh's lines for: openssl-vs-plain, jdk-vs-plain, warren-openssl-vs-rabbitmq-tls.
set -euo pipefail
ROUNDS=2 DUR=20
while [ $# -gt 0 ]; do case "$1" in -r) ROUNDS=$2; shift 2 ;; -z) DUR=$2; shift 2 ;; *) break ;; esac; done
SCEN=("$@"); [ ${#SCEN[@]} -gt 0 ] || SCEN=(transient-1-1 persistent-confirm)
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BENCH=${BENCH_DIR:-$ROOT/../shared/bench}
W=$(mktemp -d -t warren-tls.XXXXXX)
trap 'for p in $(cat "$W"/*.pid 2>/dev/null); do kill "$p" 2>/dev/null || true; done; RMQ_DIR=$W/rabbit RMQ_PORT=5700 "$BENCH/rabbitmq-local.sh" stop >/dev/null 2>&1 || true' EXIT

# a CA and a server certificate for localhost (bench only; thrown away afterwards)
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=bench-ca" -keyout "$W/ca.key" -out "$W/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$W/server.key" -out "$W/server.csr" 2>/dev/null
openssl x509 -req -in "$W/server.csr" -CA "$W/ca.pem" -CAkey "$W/ca.key" -CAcreateserial -days 1 -out "$W/server.pem" 2>/dev/null
openssl pkcs8 -topk8 -nocrypt -in "$W/server.key" -out "$W/server.pk8" 2>/dev/null

start_warren() { # name plain-port tls-port provider
  cat > "$W/$1.conf" <<CONF
listeners.tcp.default = 127.0.0.1:$2
listeners.ssl.default = $3
ssl_options.certfile = $W/server.pem
ssl_options.keyfile = $W/server.pk8
ssl_options.cacertfile = $W/ca.pem
warren.tls.provider = $4
data_dir = $W/$1-data
CONF
  # two brokers at once: without this both would want the management ports 15672 and 15692
  java -jar "$ROOT/server/target/warren.jar" --no-management --config "$W/$1.conf" > "$W/$1.log" 2>&1 &
  echo $! > "$W/$1.pid"
  for _ in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/$3) 2>/dev/null && return 0; sleep 0.1; done
  echo "warren $1 did not start: $(cat "$W/$1.log")" >&2; exit 1
}
start_warren openssl 5682 5683 openssl
start_warren jdk 5684 5685 jdk

# RabbitMQ with an AMQPS listener: rabbitmq-local.sh's node, its config extended before start
export RMQ_DIR=$W/rabbit RMQ_PORT=5700 RMQ_MGMT_PORT=0 RMQ_FRESH=1
mkdir -p "$RMQ_DIR"
RABBITMQ_TLS_CONF="listeners.ssl.default = 5701
ssl_options.certfile = $W/server.pem
ssl_options.keyfile = $W/server.key
ssl_options.cacertfile = $W/ca.pem
ssl_options.verify = verify_none
ssl_options.fail_if_no_peer_cert = false"
# rabbitmq-local.sh rewrites rabbitmq.conf at start; RABBITMQ_CONFIG_FILES (a conf.d dir) adds ours
mkdir -p "$RMQ_DIR/conf.d"; echo "$RABBITMQ_TLS_CONF" > "$RMQ_DIR/conf.d/20-tls.conf"
chmod -R a+r "$W"
RABBITMQ_CONFIG_FILES="$RMQ_DIR/conf.d" "$BENCH/rabbitmq-local.sh" start
for _ in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/5701) 2>/dev/null && break; sleep 0.1; done
RPID=$("$BENCH/rabbitmq-local.sh" pid)

cmp() { # labelA pidA uriA labelB pidB uriB
  BENCH_LABEL_A=$1 BENCH_PID_A=$2 BENCH_LABEL_B=$4 BENCH_PID_B=$5 \
    "$BENCH/compare.sh" -r "$ROUNDS" -z "$DUR" "$3" "$6" "${SCEN[@]}" | grep '^scenario='
}
OP=$(cat "$W/openssl.pid") JP=$(cat "$W/jdk.pid")
echo "# warren TLS (BoringSSL) / warren plain"
cmp warren-tls-openssl "$OP" amqps://guest:guest@localhost:5683 warren-plain "$OP" amqp://guest:guest@localhost:5682
echo "# warren TLS (JDK) / warren plain"
cmp warren-tls-jdk "$JP" amqps://guest:guest@localhost:5685 warren-plain "$JP" amqp://guest:guest@localhost:5684
echo "# warren TLS (BoringSSL) / RabbitMQ TLS"
cmp warren-tls-openssl "$OP" amqps://guest:guest@localhost:5683 rabbitmq-tls "$RPID" amqps://guest:guest@localhost:5701
echo "# RabbitMQ TLS / RabbitMQ plain"
cmp rabbitmq-tls "$RPID" amqps://guest:guest@localhost:5701 rabbitmq-plain "$RPID" amqp://guest:guest@localhost:5700
