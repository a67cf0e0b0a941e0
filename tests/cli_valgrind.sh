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
trap 'rm -rf "$tmp" "$tmp.log"' EXIT
vg() {
  valgrind -q --error-exitcode=9 --leak-check=full \
    --errors-for-leak-kinds=definite "$bin" "$@" 2>>"$tmp.log"
}
vg -o "$tmp" "$src"/corpus/*.html "$src"/corpus/text/*.txt
rc=$?
# The other formats with links, images and both explanations.
if [ "$rc" -eq 0 ]; then
  vg --format md --links --images --explain "$tmp/e.jsonl" \
    --explain-html "$tmp/r.html" -o "$tmp" "$src"/corpus/*.html \
    "$src"/tests/data/formats.html
  rc=$?
fi
# A WARC.gz and a JSONL stream with -j 2 (the worker threads).
mk=${MKSTREAM:-$(dirname "$bin")/tests/mkstream}
if [ "$rc" -eq 0 ] && [ -x "$mk" ]; then
  "$mk" warc.gz "$tmp/s.warc.gz" "$src"/corpus/en-0*.html &&
    "$mk" jsonl "$tmp/s.jsonl" "$src"/corpus/de-0*.html &&
    vg -q -j 2 -o "$tmp/out" "$tmp/s.warc.gz" &&
    vg -q -j 2 --input jsonl --metadata --format txt "$tmp/s.jsonl" >/dev/null
  rc=$?
fi
if [ "$rc" -ne 0 ]; then
  cat "$tmp.log"
  echo "valgrind: 0 passed, 1 failed (exit $rc)"
  exit 1
fi
echo "valgrind: 1 passed, 0 failed"
