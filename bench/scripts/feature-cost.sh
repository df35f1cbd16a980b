#!/usr/bin/env bash
# feature-cost.sh - the per-message cost of one feature on the publish path, measured on and off
# with RabbitMQ's PerfTest (../shared/bench/compare.sh), the two brokers alternating per round on
# this host. Loopback only. Prints compare.sh's scenario lines and detail table (broker_us_per_msg
# is the broker's CPU per message).
#
# Usage: bench/scripts/feature-cost.sh [-r ROUNDS] [-z SECONDS] FEATURE [SCENARIO...]   (default: transient-1-1)
#   FEATURE = permissions   A: this checkout's warren.jar; B: the same commit with
#                           bench/patches/no-publish-permission-checks.patch applied (no
#                           access.writeExchange/topicWrite on basic.publish), built in a temporary worktree
#             policies      A: warren.jar with a catch-all policy (expires, max-length far above
#                           any backlog) matching every queue PerfTest declares; B: the same jar, no policy
#             jar:PATH      A: this checkout's warren.jar; B: the warren.jar at PATH (an older build)
#             management    A: warren.jar with the management API (127.0.0.1:15682) and the Prometheus
#                           endpoint (127.0.0.1:15693) on, so its counters and 5 s sampler run;
#                           B: the same jar with both off
# (every broker starts with management and Prometheus off unless the feature turns them on, so
# that two brokers never race for 15672/15692)
# (the policies file has no users, so the broker creates guest as on a first start)
# Needs: server/target/warren.jar (mvn -B -q -DskipTests package).
set -euo pipefail
ROUNDS=3 DUR=10
while [ $# -gt 0 ]; do case "$1" in -r) ROUNDS=$2; shift 2 ;; -z) DUR=$2; shift 2 ;; *) break ;; esac; done
[ $# -ge 1 ] || { sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
FEATURE=$1; shift
SCEN=("$@"); [ ${#SCEN[@]} -gt 0 ] || SCEN=(transient-1-1)
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BENCH=${BENCH_DIR:-$ROOT/../shared/bench}
W=$(mktemp -d -t warren-cost.XXXXXX)
trap 'for p in $(cat "$W"/*.pid 2>/dev/null); do kill "$p" 2>/dev/null || true; done; git -C "$ROOT" worktree remove --force "$W/variant" 2>/dev/null || true' EXIT

JAR_A=$ROOT/server/target/warren.jar JAR_B=$JAR_A CONF_A="" CONF_B=""
case "$FEATURE" in
  permissions)
    git -C "$ROOT" worktree add --detach "$W/variant" HEAD >/dev/null 2>&1
    git -C "$W/variant" apply "$ROOT/bench/patches/no-publish-permission-checks.patch"
    (cd "$W/variant" && mvn -B -q -ntp -DskipTests package -pl server -am)
    JAR_B=$W/variant/server/target/warren.jar LA=checks-on LB=checks-off ;;
  policies)
    cat > "$W/policy.json" <<JSON
{"vhosts":[{"name":"/"}],
 "policies":[{"vhost":"/","name":"catch-all","pattern":".*","apply-to":"all","priority":0,
              "definition":{"expires":86400000,"max-length":100000000}}]}
JSON
    CONF_A="load_definitions = $W/policy.json" LA=policy-on LB=policy-off ;;
  management)
    CONF_A=$'management.enabled = true\nmanagement.tcp.ip = 127.0.0.1\nmanagement.tcp.port = 15682\nprometheus.enabled = true\nprometheus.tcp.ip = 127.0.0.1\nprometheus.tcp.port = 15693'
    LA=management-on LB=management-off ;;
  jar:*)
    JAR_B=${FEATURE#jar:} LA=this-checkout LB=$(basename "$(dirname "$(dirname "$(dirname "$JAR_B")")")") ;;
  *) echo "unknown feature $FEATURE" >&2; exit 2 ;;
esac

start() { # name jar port extra-conf-line
  printf 'listeners.tcp.default = 127.0.0.1:%s\ndata_dir = %s\nmanagement.enabled = false\nprometheus.enabled = false\n%s\n' \
    "$3" "$W/$1-data" "$4" > "$W/$1.conf"
  java -jar "$2" --config "$W/$1.conf" > "$W/$1.log" 2>&1 &
  echo $! > "$W/$1.pid"
  for _ in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/$3) 2>/dev/null && return 0; sleep 0.1; done
  echo "warren $1 did not start: $(cat "$W/$1.log")" >&2; exit 1
}
start a "$JAR_A" 5692 "$CONF_A"
start b "$JAR_B" 5694 "$CONF_B"
BENCH_LABEL_A=$LA BENCH_PID_A=$(cat "$W/a.pid") BENCH_LABEL_B=$LB BENCH_PID_B=$(cat "$W/b.pid") \
  "$BENCH/compare.sh" -r "$ROUNDS" -z "$DUR" amqp://guest:guest@127.0.0.1:5692 amqp://guest:guest@127.0.0.1:5694 "${SCEN[@]}"
