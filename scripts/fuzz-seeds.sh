#!/usr/bin/env bash
# fuzz-seeds.sh TARGET DIR: fill DIR with a seed corpus for the libFuzzer
# target TARGET (fuzz_clean, fuzz_prepass, ...) from the project's own
# pages (corpus/, tests/data/). Every target reads its options from the
# first byte, so each seed is a page with one or two option bytes put in
# front. A target not named below gets the HTML and text pages as they are.
# tests/data/fuzz/TARGET/ holds the target's findings, added as they are.
set -euo pipefail
cd "$(dirname "$0")/.."
target=$1
dir=$2
mkdir -p "$dir"
pages=(corpus/*.html tests/data/prepass/*.html)
texts=(corpus/text/*.txt)
# seed PREFIX-BYTE-IN-OCTAL FILE...: each file with the byte put in front.
seed() {
  local byte=$1
  shift
  for f in "$@"; do
    { printf "\\$byte"; cat "$f"; } >"$dir/$byte-$(basename "$f")"
  done
}
case $target in
fuzz_prepass)
  seed 000 "${pages[@]}" # depth 512, no node cap
  seed 011 "${pages[@]}" # small depth, small node cap
  ;;
fuzz_text)
  seed 000 "${texts[@]}"
  seed 003 "${texts[@]}" corpus/en-01.html
  ;;
fuzz_gunzip)
  for f in "${pages[@]}" "${texts[@]}"; do # mode 0: real gzip files
    { printf '\000'; gzip -9c "$f"; } >"$dir/gz-$(basename "$f").gz"
  done
  seed 007 corpus/en-0*.html corpus/ru-0*.html # mode 1: compressed here
  seed 041 corpus/en-01.html                   # two members
  seed 107 corpus/de-01.html                   # cut
  seed 201 corpus/de-02.html                   # repeated to 2 MiB
  ;;
fuzz_decode)
  seed 000 tests/data/charset/* # no declared charset, text
  seed 001 tests/data/charset/* # no declared charset, HTML
  seed 003 tests/data/charset/*.utf8.* corpus/ru-01.html # utf-8 declared
  seed 005 tests/data/charset/ru.cp1251.* # windows-1251 declared
  ;;
fuzz_stream)
  # WARC records written here: a response around each page; .gz has one
  # gzip member per record. JSONL lines made with python3.
  warc_record() { # warc_record TYPE FILE
    local len
    len=$(($(wc -c <"$2") + 44))
    printf 'WARC/1.0\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:seed:%s>\r\n' \
      "$1" "$(basename "$2")"
    printf 'Content-Type: application/http; msgtype=response\r\n'
    printf 'Content-Length: %d\r\n\r\n' "$len"
    printf 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n'
    cat "$2"
    printf '\r\n\r\n'
  }
  w=$(mktemp)
  for f in corpus/en-01.html corpus/ru-01.html; do warc_record response "$f"; done >"$w"
  { printf '\002'; cat "$w"; } >"$dir/warc"
  { printf '\022'; head -c 3000 "$w"; } >"$dir/warc-cut"
  { printf '\000'; for f in corpus/de-01.html corpus/uk-01.html; do
    warc_record response "$f" | gzip -c; done; } >"$dir/warc-gz"
  { printf '\001'; python3 -c 'import json,sys
for i, f in enumerate(sys.argv[1:]):
    print(json.dumps({"id": i, "url": "u", "html": open(f).read()}))' \
    corpus/en-01.html corpus/pl-01.html; echo '{"id": "bad", "html": '; } >"$dir/jsonl"
  rm -f "$w"
  ;;
fuzz_clean)
  seed 000 "${pages[@]}" "${texts[@]}" # defaults, input kind found
  seed 011 "${pages[@]}"                # HTML, depth 16
  cp tests/data/regress/* "$dir"/        # findings, option byte included
  ;;
*)
  cp "${pages[@]}" "${texts[@]}" "$dir"/
  ;;
esac
# Findings of this target, as found (option byte included): libFuzzer runs
# every seed first, so the smoke run replays them.
if [ -d "tests/data/fuzz/$target" ]; then
  cp "tests/data/fuzz/$target"/* "$dir"/
fi
