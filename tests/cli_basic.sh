#!/usr/bin/env bash
# Command-line tests: conventions (help, version, exit codes), -o naming,
# stdin, gzip, failures named on stderr while the other inputs go on.
source "$(dirname "$0")/check.sh"

page=$src/corpus/en-01.html

"$bin" --help >"$tmp/help" 2>&1
check '[ $? -eq 0 ] && grep -q "Usage: cleaner" "$tmp/help"' "--help"
"$bin" --version >"$tmp/ver" 2>&1
check '[ $? -eq 0 ] && grep -Eq "^cleaner [0-9]+\.[0-9]+\.[0-9]+$" "$tmp/ver"' "--version"
"$bin" --bogus >/dev/null 2>"$tmp/err"
check '[ $? -eq 2 ] && grep -q "bogus" "$tmp/err"' "unknown option exits 2"
"$bin" --input >/dev/null 2>&1
check '[ $? -eq 2 ]' "missing option value exits 2"
"$bin" --input pdf "$page" >/dev/null 2>&1
check '[ $? -eq 2 ]' "bad --input value exits 2"

# The same page from a file, from stdin with -, and from stdin without args.
"$bin" "$page" >"$tmp/a.txt"
check '[ $? -eq 0 ] && [ -s "$tmp/a.txt" ]' "file argument"
"$bin" - <"$page" >"$tmp/b.txt"
check 'cmp -s "$tmp/a.txt" "$tmp/b.txt"' "stdin with -"
"$bin" <"$page" >"$tmp/c.txt"
check 'cmp -s "$tmp/a.txt" "$tmp/c.txt"' "stdin without arguments"
check 'grep -q "floating" "$tmp/a.txt" && ! grep -qi "cookie" "$tmp/a.txt"' \
  "article kept, cookie banner removed"
check '! grep -q "Marijke Dolman" "$tmp/a.txt"' \
  "photo caption with its credit removed, not kept as the first paragraph"
check '[ "$(tail -c 1 "$tmp/a.txt" | od -An -c | tr -d " ")" = "\n" ]' \
  "output ends with a newline"

# gzip, also multi-member, without a flag.
gzip -c "$page" >"$tmp/page.html.gz"
"$bin" "$tmp/page.html.gz" >"$tmp/gz.txt"
check '[ $? -eq 0 ] && cmp -s "$tmp/a.txt" "$tmp/gz.txt"' "gzip input"
head -c 5000 "$page" | gzip -c >"$tmp/multi.gz"
tail -c +5001 "$page" | gzip -c >>"$tmp/multi.gz"
"$bin" "$tmp/multi.gz" >"$tmp/multi.txt"
check '[ $? -eq 0 ] && cmp -s "$tmp/a.txt" "$tmp/multi.txt"' "multi-member gzip"

# -o DIR: NAME.txt without .gz and extension; failures named, rest written.
mkdir -p "$tmp/in"
cp "$page" "$tmp/in/story.html"
cp "$tmp/page.html.gz" "$tmp/in/packed.html.gz"
printf '<html><body><nav><a href="/">Home</a></nav></body></html>' \
  >"$tmp/in/empty.htm"
head -c 3000 "$tmp/page.html.gz" >"$tmp/in/broken.html.gz"
"$bin" -o "$tmp/out" "$tmp/in/story.html" "$tmp/in/missing.html" \
  "$tmp/in/packed.html.gz" "$tmp/in/empty.htm" "$tmp/in/broken.html.gz" \
  2>"$tmp/err"
rc=$?
check '[ $rc -eq 1 ]' "exit 1 when some inputs failed"
check 'cmp -s "$tmp/a.txt" "$tmp/out/story.txt"' "-o writes NAME.txt"
check 'cmp -s "$tmp/a.txt" "$tmp/out/packed.txt"' "-o strips .gz then extension"
check '[ -f "$tmp/out/empty.txt" ] && [ ! -s "$tmp/out/empty.txt" ]' \
  "page without article gives an empty file"
check 'grep -q "missing.html" "$tmp/err"' "missing file named on stderr"
check 'grep -q "broken.html.gz" "$tmp/err"' "truncated gzip named on stderr"

"$bin" "$tmp/in/empty.htm" >"$tmp/e.txt"
check '[ $? -eq 0 ] && [ ! -s "$tmp/e.txt" ]' "no article: empty output, exit 0"
: >"$tmp/zero.html"
"$bin" "$tmp/zero.html" >"$tmp/z.txt"
check '[ $? -eq 0 ] && [ ! -s "$tmp/z.txt" ]' "empty file: empty output, exit 0"
head -c 20000 /dev/urandom >"$tmp/junk.bin" 2>/dev/null ||
  dd if=/dev/zero of="$tmp/junk.bin" bs=1k count=20 2>/dev/null
"$bin" "$tmp/junk.bin" >/dev/null 2>"$tmp/err"
rc=$?
check '[ $rc -eq 0 ] || { [ $rc -eq 1 ] && grep -q "junk.bin" "$tmp/err"; }' \
  "binary junk: clean result or a named error"

# Formats: -o names the files by format; bad values are usage errors.
"$bin" --format md -o "$tmp/fmt" "$page" && "$bin" --format html -o "$tmp/fmt" "$page"
check '[ $? -eq 0 ] && [ -s "$tmp/fmt/en-01.md" ] && grep -q "<meta charset=\"utf-8\">" "$tmp/fmt/en-01.html"' \
  "--format md/html with -o writes NAME.md and NAME.html"
"$bin" --format pdf "$page" >/dev/null 2>&1
check '[ $? -eq 2 ]' "unknown --format exits 2"
"$bin" --favor speed "$page" >/dev/null 2>&1
check '[ $? -eq 2 ]' "unknown --favor exits 2"
"$bin" --favor recall "$page" >/dev/null
check '[ $? -eq 0 ]' "--favor recall"

finish cli
