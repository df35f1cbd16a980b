#!/usr/bin/env bash
# Crash soak: runs CrashRecoveryIT for many more SIGKILL/restart cycles than the normal build (10).
#
# usage: scripts/crash-soak.sh [CYCLES [SEED]]
#   CYCLES  kill/restart cycles on one data directory (default 200)
#   SEED    seed of the kill moments and the message mix (default: random); printed first, and again
#           on failure, so a failing run can be repeated with the same seed
#   MVN_ARGS environment variable: extra Maven arguments (default "-o", offline)
#
# Builds the modules it/ depends on from the working tree (-am; their unit tests are skipped), then
# runs only CrashRecoveryIT through Failsafe, with JUnit's timeouts off (a long soak outlasts them).
# Broker logs (and the data directory of a failed run) are in it/target/crash-recovery/. Exits
# non-zero when the test fails.
#
# example: scripts/crash-soak.sh 500 1234
set -euo pipefail
cd "$(dirname "$0")/.."

cycles="${1:-200}"
seed="${2:-$(( (RANDOM << 30) | (RANDOM << 15) | RANDOM ))}"
read -r -a mvn_args <<< "${MVN_ARGS:--o}"

echo "crash-soak: ${cycles} cycles, seed ${seed}"
status=0
mvn -B "${mvn_args[@]}" -pl it -am verify \
    -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test=CrashRecoveryIT \
    -Djunit.jupiter.execution.timeout.mode=disabled \
    -Dwarren.crash.cycles="${cycles}" -Dwarren.crash.seed="${seed}" || status=$?

if [[ ${status} -ne 0 ]]; then
    echo "crash-soak: FAILED (exit ${status}) with seed ${seed}; rerun: $0 ${cycles} ${seed}" >&2
    echo "crash-soak: broker logs in it/target/crash-recovery/" >&2
    exit "${status}"
fi
echo "crash-soak: ${cycles} cycles passed with seed ${seed}"
