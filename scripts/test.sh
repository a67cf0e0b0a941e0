#!/usr/bin/env bash
# Build cleaner and run the whole test suite: a release build, then an
# AddressSanitizer + UBSan build, the stream tests under ThreadSanitizer,
# short fuzz runs, then the clang-format check.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)

cmake -S . -B build/release -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/release -j "$jobs"
ctest --test-dir build/release --output-on-failure -j "$jobs"

cmake -S . -B build/asan -DCMAKE_BUILD_TYPE=Debug -DCLEANER_SANITIZE=ON \
  -DCLEANER_BENCH=OFF >/dev/null
cmake --build build/asan -j "$jobs"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build/asan --output-on-failure -j "$jobs"

# The worker threads under ThreadSanitizer: the stream tests with -j 2.
cmake -S . -B build/tsan -DCMAKE_BUILD_TYPE=Debug -DCLEANER_TSAN=ON \
  -DCLEANER_TESTS=OFF -DCLEANER_BENCH=OFF >/dev/null
cmake --build build/tsan -j "$jobs" --target cleaner_cli
TSAN_OPTIONS=halt_on_error=1:exitcode=66 \
  MKSTREAM=build/release/tests/mkstream bash tests/cli_stream.sh \
  build/tsan/cleaner "$PWD"

bash scripts/fuzz-smoke.sh

echo "clang-format check"
git ls-files '*.c' '*.h' | xargs clang-format --dry-run --Werror
echo "all tests passed"
