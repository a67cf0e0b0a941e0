#!/usr/bin/env bash
# Build the libFuzzer targets with clang and run each for a few seconds on
# the project's own pages: a regression that crashes on the corpus or near
# it is caught in the test suite. Long runs: see tests/fuzz/CMakeLists.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-15}
if ! command -v clang >/dev/null; then
  echo "fuzz-smoke: clang not found, skipped"
  exit 0
fi
CC=clang cmake -S . -B build/fuzz -DCMAKE_BUILD_TYPE=Debug -DCLEANER_FUZZ=ON \
  -DCLEANER_TESTS=OFF -DCLEANER_BENCH=OFF >/dev/null
cmake --build build/fuzz -j "$(nproc 2>/dev/null || echo 2)"
seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT
cp corpus/*.html corpus/text/*.txt tests/data/prepass/* "$seeds"/ 2>/dev/null || true
ran=0
for f in build/fuzz/tests/fuzz/fuzz_*; do
  [ -x "$f" ] || continue
  work=$(mktemp -d)
  cp "$seeds"/* "$work"/
  echo "fuzz-smoke: $(basename "$f") for ${seconds}s"
  "$f" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
    -rss_limit_mb=2048 "$work" 2>"$work.log" || {
    tail -n 40 "$work.log"
    echo "fuzz-smoke: $(basename "$f") failed"
    exit 1
  }
  grep -E "^Done|stat::number_of_executed_units" "$work.log" | tail -n 1 || true
  rm -rf "$work" "$work.log"
  ran=$((ran + 1))
done
[ "$ran" -gt 0 ] || { echo "fuzz-smoke: no target built"; exit 1; }
echo "fuzz-smoke: $ran passed, 0 failed"
