#!/usr/bin/env bash
# Pipeline benchmark (issue 4): the pages of the given datasets packed
# into a WARC.gz (one gzip member per record) and a JSONL file, then timed
# with -j 1 and -j 2, against cleaning the same pages as files; peak RSS
# with 1x and a repeated (large) WARC.
#   bash bench/pipeline.sh BUILD_DIR REPEAT_LARGE DATASET...
# e.g. bash bench/pipeline.sh build/release 110 ../shared/datasets/daniel-dev ../shared/datasets/readability
set -euo pipefail
build=$1
repeat=$2
shift 2
bin=$build/cleaner
mk=$build/tests/mkstream
tmp=${TMPDIR:-/tmp}/cleaner-pipeline.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
pages=()
for d in "$@"; do pages+=("$d"/html/*); done
n=${#pages[@]}
"$mk" warc.gz "$tmp/pages.warc.gz" "${pages[@]}"
"$mk" jsonl "$tmp/pages.jsonl" "${pages[@]}"
mb=$(du -m "$tmp/pages.warc.gz" | cut -f1)
echo "pages: $n; WARC.gz: ${mb} MB"

run() { # run LABEL COMMAND...: prints seconds and peak RSS
  /usr/bin/time -o "$tmp/time" -f "%e %M" "$@" >/dev/null 2>&1
  set -- $(tail -1 "$tmp/time")
  awk -v l="$label" -v t="$1" -v k="$2" -v p="$((n * mult))" \
    'BEGIN { printf "%-28s %6.2f s  %6.1f pages/s  peak RSS %5.1f MiB\n", l, t, p / t, k / 1024 }'
}
mult=1
label="files -j 1 (txt, -o DIR)" run "$bin" -q -j 1 -o "$tmp/out" "${pages[@]}"
label="files -j 2 (txt, -o DIR)" run "$bin" -q -j 2 -o "$tmp/out" "${pages[@]}"
label="WARC.gz -j 1 (jsonl)" run "$bin" -q -j 1 "$tmp/pages.warc.gz"
label="WARC.gz -j 2 (jsonl)" run "$bin" -q -j 2 "$tmp/pages.warc.gz"
label="JSONL -j 1 (jsonl)" run "$bin" -q -j 1 --input jsonl "$tmp/pages.jsonl"
label="JSONL -j 2 (jsonl)" run "$bin" -q -j 2 --input jsonl "$tmp/pages.jsonl"
if [ "$repeat" -gt 1 ]; then
  "$mk" warc.gz "$tmp/large.warc.gz" --repeat "$repeat" "${pages[@]}"
  echo "large WARC.gz: $((n * repeat)) records, $(du -m "$tmp/large.warc.gz" | cut -f1) MB"
  mult=$repeat
  label="large WARC.gz -j 2 (jsonl)" run "$bin" -q -j 2 "$tmp/large.warc.gz"
fi
