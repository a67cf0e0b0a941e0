#!/usr/bin/env bash
# Plain-text mode on whole-page text: turn each page of a dataset into its
# visible text (page-text, one block per line), clean that with
# `cleaner --input text`, and score it against the dataset's gold.
#   bench/textmode.sh BUILD_DIR DATASET_DIR
set -euo pipefail
build=$1
ds=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/text" "$tmp/pred"
find "$ds/html" -name '*.html' -print0 | sort -z |
  xargs -0 "$build/bench/page-text" -o "$tmp/text"
echo "keep everything (page text as is):"
"$build/bench/cleaner-eval" --pred "$tmp/text" "$ds" | head -n 1
find "$tmp/text" -name '*.txt' -print0 | sort -z |
  xargs -0 "$build/cleaner" --input text -o "$tmp/pred" || true
echo "cleaner --input text on the page text:"
"$build/bench/cleaner-eval" --pred "$tmp/pred" "$ds"
