#!/usr/bin/env bash
# WARC and JSONL streams through the command: one output line per record,
# in input order whatever -j, damaged records reported in their line, and
# the GNU parallel recipe of the README losing nothing.
source "$(dirname "$0")/check.sh"
mk=${MKSTREAM:-$(dirname "$bin")/tests/mkstream}
lines() { wc -l <"$1" | tr -d ' '; }
# jq-free JSON checks: python3 reads every line as JSON.
pyjson() { python3 -c "import json,sys
rows=[json.loads(l) for l in open(sys.argv[1])]
$2" "$1"; }

pages=("$src"/corpus/*.html)
n=${#pages[@]}
"$mk" warc.gz "$tmp/a.warc.gz" "${pages[@]}"
"$mk" warc "$tmp/a.warc" "${pages[@]}"
"$mk" jsonl "$tmp/a.jsonl" "${pages[@]}"

"$bin" -j 2 "$tmp/a.warc.gz" >"$tmp/j2.jsonl" 2>"$tmp/err"
check '[ "$(lines "$tmp/j2.jsonl")" = "$n" ]' "warc.gz: one line per page"
check '[ ! -s "$tmp/err" ]' "nothing on stderr when it is not a terminal"
check 'pyjson "$tmp/j2.jsonl" "assert [r[\"id\"] for r in rows] == [\"<urn:test:%d>\" % (i + 1) for i in range(len(rows))]"' \
  "records in input order with -j 2"
check 'pyjson "$tmp/j2.jsonl" "assert all(r[\"text\"] and r[\"url\"].startswith(\"http\") and r[\"date\"] for r in rows)"' \
  "every record has text, url and date"
"$bin" -j 1 "$tmp/a.warc.gz" >"$tmp/j1.jsonl"
check 'cmp -s "$tmp/j1.jsonl" "$tmp/j2.jsonl"' "-j 1 and -j 2 give the same bytes"
"$bin" -j 2 "$tmp/a.warc" >"$tmp/plain.jsonl"
check 'cmp -s "$tmp/plain.jsonl" "$tmp/j2.jsonl"' "plain WARC as gzip WARC"
"$bin" -j 2 <"$tmp/a.warc.gz" >"$tmp/stdin.jsonl"
check 'cmp -s "$tmp/stdin.jsonl" "$tmp/j2.jsonl"' "WARC on standard input"

# The text of a record is the text of the same page cleaned as a file.
"$bin" "${pages[0]}" >"$tmp/first.txt"
check 'pyjson "$tmp/j2.jsonl" "assert rows[0][\"text\"] == open(\"$tmp/first.txt\").read()"' \
  "record text equals file text"

# A truncated last record still gets its line, with an error.
size=$(stat -c %s "$tmp/a.warc")
head -c $((size - 100)) "$tmp/a.warc" >"$tmp/cut.warc"
"$bin" -q "$tmp/cut.warc" >"$tmp/cut.jsonl"
check '[ "$(lines "$tmp/cut.jsonl")" = "$n" ]' "truncated WARC: still one line per record"
check 'pyjson "$tmp/cut.jsonl" "assert \"truncated\" in rows[-1][\"error\"] and \"text\" not in rows[-1]"' \
  "truncated record reported in its line"

# JSONL: a bad line and a line without the field keep their place.
{
  head -n 2 "$tmp/a.jsonl"
  echo '{"id": "broken", "html": '
  echo '{"id": "nofield", "body": "<p>x</p>"}'
  tail -n +3 "$tmp/a.jsonl"
} >"$tmp/b.jsonl"
"$bin" -q -j 2 --input jsonl "$tmp/b.jsonl" >"$tmp/b.out"
check '[ "$(lines "$tmp/b.out")" = "$((n + 2))" ]' "JSONL: one line per input line"
check 'pyjson "$tmp/b.out" "assert \"error\" in rows[2] and rows[3][\"id\"] == \"nofield\" and \"error\" in rows[3]"' \
  "bad JSON and missing field reported in place"
check 'pyjson "$tmp/b.out" "assert [r[\"id\"] for r in rows[4:]] == list(range(3, len(rows) - 1))"' \
  "JSONL order kept with -j 2"
sed 's/"html":/"page":/' "$tmp/a.jsonl" >"$tmp/c.jsonl"
"$bin" -q --input jsonl --html-field page "$tmp/c.jsonl" >"$tmp/c.out"
check 'pyjson "$tmp/c.out" "assert all(\"text\" in r and \"page\" not in r and r[\"url\"] for r in rows)"' \
  "--html-field names the page field; other fields carried"

# -o DIR writes DIR/NAME.jsonl for a stream.
"$bin" -q -o "$tmp/out" "$tmp/a.warc.gz"
check '[ "$(lines "$tmp/out/a.jsonl")" = "$n" ]' "-o DIR writes NAME.jsonl"
# A WARC without a page still gets its (empty) output file.
printf 'WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 4\r\n\r\ntest\r\n\r\n' >"$tmp/info.warc"
"$bin" -q -o "$tmp/out" "$tmp/info.warc"
check '[ -f "$tmp/out/info.jsonl" ] && [ ! -s "$tmp/out/info.jsonl" ]' "-o DIR: empty output for a WARC without pages"
# --stats prints a summary that counts the skipped records.
"$bin" --stats "$tmp/a.warc.gz" >/dev/null 2>"$tmp/stats"
check 'grep -q "$n records (0 errors" "$tmp/stats" && grep -q "$((n + 1)) skipped" "$tmp/stats"' \
  "--stats summary"

# The GNU parallel recipe of the README, on shards, on localhost.
if command -v parallel >/dev/null; then
  split -l 7 "$tmp/a.jsonl" "$tmp/shard."
  ls "$tmp"/shard.* | parallel -j 2 --halt now,fail=1 \
    "$bin -q -j 1 --input jsonl {} > {}.out"
  check '[ "$(cat "$tmp"/shard.*.out | wc -l)" = "$n" ]' "GNU parallel over shards loses nothing"
else
  bad "GNU parallel missing (scripts/install-deps.sh installs it)"
fi

finish stream
