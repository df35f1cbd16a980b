#!/usr/bin/env bash
# crash-long.sh - issue 18's long kill -9 run: CrashRecoveryIT (it/) with many cycles on one data
# directory. Each cycle SIGKILLs a child broker in the middle of confirmed publishing (and, in some
# cycles, acknowledged consuming), restarts it and checks every durable queue: no confirmed message
# lost, none duplicated or resurrected beyond the redeliveries the rules allow, per-publisher order,
# intact bodies (it/src/test/java/io/warrenmq/it/crash/RecoveryCheck.java). The test fails on the
# first violation; this script runs it (its CI timeout off) and sums the per-cycle figures it prints.
#
# Usage: bench/scripts/crash-long.sh [CYCLES] [SEED]     (default 100 cycles, a random seed)
# Needs: the modules installed (mvn -B -q -ntp install -DskipTests). Loopback only.
set -euo pipefail
cd "$(dirname "$0")/../.."
cycles=${1:-100}
seed=${2:-$RANDOM$RANDOM}
out=${TMPDIR:-/tmp}/crash-long-$seed.txt
start=$(date +%s)
status=0
mvn -B -ntp -q verify -pl it -Dit.test=CrashRecoveryIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
    -Dwarren.crash.cycles="$cycles" -Dwarren.crash.seed="$seed" -Djunit.jupiter.execution.timeout.mode=disabled \
    > "$out" 2>&1 || status=$?
report=it/target/failsafe-reports/io.warrenmq.it.CrashRecoveryIT-output.txt
[ -f "$report" ] && cat "$report" >> "$out"
elapsed=$(( $(date +%s) - start ))
awk -v cycles="$cycles" -v seed="$seed" -v status="$status" -v elapsed="$elapsed" '
  /CrashRecoveryIT: cycle [0-9]+: [0-9]+ published, [0-9]+ confirmed/ {
    match($0, /[0-9]+ published/); published += substr($0, RSTART, RLENGTH) + 0
    match($0, /[0-9]+ confirmed/); confirmed += substr($0, RSTART, RLENGTH) + 0
    done++
  }
  /recovered \(/ {
    match($0, /[0-9]+ recovered/); recovered += substr($0, RSTART, RLENGTH) + 0
    match($0, /[0-9]+ required/); required += substr($0, RSTART, RLENGTH) + 0
    match($0, /[0-9]+ acked came back/); back += substr($0, RSTART, RLENGTH) + 0
    match($0, /[0-9]+ flagged redelivered/); redelivered += substr($0, RSTART, RLENGTH) + 0
  }
  END {
    printf "crash-long: seed=%s cycles_planned=%d cycles_checked=%d published=%d confirmed=%d\n", seed, cycles, done, published, confirmed
    printf "crash-long: queue_checks recovered=%d required=%d acked_came_back=%d flagged_redelivered=%d\n", recovered, required, back, redelivered
    printf "crash-long: test_status=%s (0: every check held in every cycle) elapsed_s=%d\n", status, elapsed
  }' "$out"
echo "crash-long: full output in $out"
exit "$status"
