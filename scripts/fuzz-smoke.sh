#!/usr/bin/env bash
# Build the libFuzzer targets with clang and run each for a few seconds on
# seeds made from the project's own pages (scripts/fuzz-seeds.sh): a
# regression that crashes on the corpus or near it is caught in the test
# suite. FUZZ_SECONDS sets the time per target (default 8: five targets stay
# under a minute). Long runs: README.md, "Fuzzing".
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-8}
if ! command -v clang >/dev/null; then
  echo "fuzz-smoke: clang not found, skipped"
  exit 0
fi
CC=clang cmake -S . -B build/fuzz -DCMAKE_BUILD_TYPE=Debug -DCLEANER_FUZZ=ON \
  -DCLEANER_TESTS=OFF -DCLEANER_BENCH=OFF >/dev/null
cmake --build build/fuzz -j "$(nproc 2>/dev/null || echo 2)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ran=0
for f in build/fuzz/tests/fuzz/fuzz_*; do
  [ -x "$f" ] || continue
  name=$(basename "$f")
  bash scripts/fuzz-seeds.sh "$name" "$work/$name"
  echo "fuzz-smoke: $name for ${seconds}s"
  # -handle_abrt=0: Gumbo's assertion failures reach the library's own
  # guard (html.c), which turns them into CLEANER_EPARSE as in production.
  "$f" -max_total_time="$seconds" -max_len=65536 -timeout=10 -handle_abrt=0 \
    -rss_limit_mb=2048 -artifact_prefix="build/fuzz/$name-" "$work/$name" \
    2>"$work/$name.log" || {
    tail -n 40 "$work/$name.log"
    echo "fuzz-smoke: $name failed; the input is build/fuzz/$name-crash-*"
    exit 1
  }
  grep -E "^#[0-9]+.*DONE" "$work/$name.log" | tail -n 1 || true
  ran=$((ran + 1))
done
[ "$ran" -gt 0 ] || { echo "fuzz-smoke: no target built"; exit 1; }
echo "fuzz-smoke: $ran passed, 0 failed"
