#!/usr/bin/env bash
# The command under valgrind over the corpus: no invalid access, no
# definite leak (exit status 9 from valgrind otherwise). Skipped with a
# message when valgrind is absent.
set -u
bin=$1
src=$2
if ! command -v valgrind >/dev/null; then
  echo "valgrind: not installed, skipped"
  echo "valgrind: 0 passed, 0 failed"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
valgrind -q --error-exitcode=9 --leak-check=full \
  --errors-for-leak-kinds=definite "$bin" -o "$tmp" "$src"/corpus/*.html \
  "$src"/corpus/text/*.txt 2>"$tmp.log"
rc=$?
if [ "$rc" -ne 0 ]; then
  cat "$tmp.log"
  echo "valgrind: 0 passed, 1 failed (exit $rc)"
  exit 1
fi
echo "valgrind: 1 passed, 0 failed"
