#!/usr/bin/env bash
# fuzz-long.sh - a long coverage-guided fuzzing run of every Jazzer target (docs/hardening.md), with the
# Jazzer command line (com.code_intelligence.jazzer.Jazzer from the test classpath) rather than JUnit:
# @FuzzTest's maxDuration caps the build's runs at 10 s. Each target runs for SECONDS in its own JVM,
# starting from its seed corpus (src/test/resources/.../<Class>Inputs/<method>/) plus what earlier long
# runs found (target/fuzz-long/<target>/corpus). Prints one line per target: executions, seconds,
# executions per second, corpus size, and whether it found anything. A crash leaves its input in
# target/fuzz-long/<target>/ (crash-*): copy it into the seed directory (named after what it shows),
# fix the bug, and the build then replays it as a regression test.
#
# Usage: bench/scripts/fuzz-long.sh [-t SECONDS] [-m MAVEN_REPO] [TARGET...]
#   TARGET = frame-decoder field-table content-assembly connection amqp10-frames (default: all)
# Needs: mvn -B -q install -DskipTests (the modules' test classes compiled).
set -euo pipefail
SECONDS_PER_TARGET=600 REPO=${MAVEN_REPO:-}
while [ $# -gt 0 ]; do case "$1" in -t) SECONDS_PER_TARGET=$2; shift 2 ;; -m) REPO=$2; shift 2 ;; *) break ;; esac; done
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
declare -A MODULE=([frame-decoder]=amqp-codec [field-table]=amqp-codec [content-assembly]=amqp-codec
                   [connection]=server [amqp10-frames]=amqp10)
declare -A CLASS=([frame-decoder]=io.warrenmq.codec.fuzz.FrameDecoderFuzzTest
                  [field-table]=io.warrenmq.codec.fuzz.FieldTableFuzzTest
                  [content-assembly]=io.warrenmq.codec.fuzz.ContentAssemblyFuzzTest
                  [connection]=io.warrenmq.server.fuzz.ConnectionFuzzTest
                  [amqp10-frames]=io.warrenmq.amqp10.fuzz.Amqp10FrameFuzzTest)
TARGETS=("$@"); [ ${#TARGETS[@]} -gt 0 ] || TARGETS=(frame-decoder field-table content-assembly connection amqp10-frames)
MVN=(mvn -B -ntp -q); [ -z "$REPO" ] || MVN+=("-Dmaven.repo.local=$REPO")

printf '%-18s %12s %8s %10s %8s  %s\n' target executions seconds exec/s corpus result
for t in "${TARGETS[@]}"; do
  m=${MODULE[$t]:?unknown target $t}; c=${CLASS[$t]}
  out=$ROOT/$m/target/fuzz-long/$t; mkdir -p "$out/corpus"
  cp_file=$out/classpath.txt
  "${MVN[@]}" -f "$ROOT/$m/pom.xml" dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null 2>&1
  seeds=$ROOT/$m/src/test/resources/$(dirname "${c//.//}")/$(basename "${c//.//}")Inputs
  seeds=$(find "$seeds" -mindepth 1 -maxdepth 1 -type d | head -1)
  log=$out/run.log
  set +e
  # why -rss_limit_mb=0 and a 2 GB heap: libFuzzer's RSS limit counts the JVM's whole footprint
  java -Xmx2g -Dio.netty.leakDetection.level=disabled -Dorg.slf4j.simpleLogger.defaultLogLevel=error \
    -cp "$ROOT/$m/target/test-classes:$ROOT/$m/target/classes:$(cat "$cp_file")" \
    com.code_intelligence.jazzer.Jazzer --target_class="$c" --instrumentation_includes='io.warrenmq.**' \
    -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb=0 -artifact_prefix="$out/" \
    "$out/corpus" "$seeds" >"$log" 2>&1
  rc=$?
  set -e
  done_line=$(grep -E '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 || true)
  runs=$(echo "$done_line" | awk '{print $2}'); secs=$(echo "$done_line" | awk '{print $5}')
  corpus=$(find "$out/corpus" -type f | wc -l)
  result=$([ $rc -eq 0 ] && echo "no finding" || echo "FINDING (exit $rc): $(ls "$out"/crash-* 2>/dev/null | head -1)")
  if [ -n "$runs" ] && [ "${secs:-0}" -gt 0 ]; then
    printf '%-18s %12s %8s %10s %8s  %s\n' "$t" "$runs" "$secs" $((runs / secs)) "$corpus" "$result"
  else
    printf '%-18s %12s %8s %10s %8s  %s (see %s)\n' "$t" "?" "?" "?" "$corpus" "$result" "$log"
  fi
done
