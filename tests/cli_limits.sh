#!/usr/bin/env bash
# The guards' flags: --max-nodes cuts a page (exit 0, said on stderr),
# --time-budget gives up on a page (exit 1, named on stderr) and 0 turns it
# off; bad values are usage errors.
source "$(dirname "$0")/check.sh"

page=$src/corpus/en-01.html
"$bin" "$page" >"$tmp/full.txt" 2>"$tmp/err"
check '[ $? -eq 0 ] && [ ! -s "$tmp/err" ]' "page under the default caps"
"$bin" --max-nodes 100000 "$page" >"$tmp/a.txt" 2>"$tmp/err"
check '[ $? -eq 0 ] && cmp -s "$tmp/full.txt" "$tmp/a.txt"' \
  "--max-nodes above the page's elements changes nothing"
"$bin" --max-nodes 80 "$page" >"$tmp/cut.txt" 2>"$tmp/err"
check '[ $? -eq 0 ] && grep -q "input cut" "$tmp/err"' \
  "--max-nodes under the page's elements: cut, said on stderr"
check '[ "$(wc -c <"$tmp/cut.txt")" -lt "$(wc -c <"$tmp/full.txt")" ]' \
  "the cut page gives less text"
"$bin" --time-budget 0 "$page" >"$tmp/b.txt" 2>"$tmp/err"
check '[ $? -eq 0 ] && cmp -s "$tmp/full.txt" "$tmp/b.txt"' \
  "--time-budget 0: no budget"

# A page far too big for a 1 ms budget; with it the others still go on.
for i in $(seq 1 20000); do
  echo "<p>Paragraph $i: the council voted on Tuesday to extend the floating school programme.</p>"
done >"$tmp/big.html"
"$bin" --time-budget 1 "$tmp/big.html" "$page" >"$tmp/c.txt" 2>"$tmp/err"
check '[ $? -eq 1 ] && grep -q "big.html: time budget" "$tmp/err"' \
  "--time-budget 1 on a big page: exit 1, named on stderr"

for v in 0 -1 x 1e3 ""; do
  "$bin" --max-nodes "$v" "$page" >/dev/null 2>&1
  check '[ $? -eq 2 ]' "--max-nodes '$v' is a usage error"
done
for v in -1 x 99999999999 ""; do
  "$bin" --time-budget "$v" "$page" >/dev/null 2>&1
  check '[ $? -eq 2 ]' "--time-budget '$v' is a usage error"
done
"$bin" --time-budget >/dev/null 2>&1
check '[ $? -eq 2 ]' "--time-budget without a value"
"$bin" --help | grep -q -- "--max-nodes" && "$bin" --help | grep -q -- "--time-budget"
check '[ $? -eq 0 ]' "--help lists the guards"

finish cli_limits
