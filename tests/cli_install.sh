#!/usr/bin/env bash
# Install into a temporary prefix and build examples/clean_file.c against
# the installed header, library and cleaner.pc: the public API must stand
# on its own. Its output must equal the command's.
set -u
bin=$1
src=$2
build=$(dirname "$bin")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
check() { if eval "$1"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $2" >&2; fi; }

cmake --install "$build" --prefix "$tmp/prefix" >/dev/null 2>"$tmp/err"
check '[ $? -eq 0 ]' "cmake --install"
for f in include/cleaner.h lib/pkgconfig/cleaner.pc bin/cleaner; do
  check '[ -f "$tmp/prefix/$f" ]' "installed $f"
done
libdir=$(dirname "$(find "$tmp/prefix" -name cleaner.pc | head -n 1)")/..
export PKG_CONFIG_PATH=$libdir/pkgconfig
cc -std=c11 -Wall -Werror "$src/examples/clean_file.c" \
  $(pkg-config --cflags --libs cleaner) -o "$tmp/clean_file" 2>"$tmp/cc.err"
check '[ $? -eq 0 ]' "example builds against the installed library"
LD_LIBRARY_PATH=$libdir "$tmp/clean_file" "$src/corpus/en-01.html" \
  >"$tmp/a.txt" 2>/dev/null
"$bin" "$src/corpus/en-01.html" >"$tmp/b.txt"
check '[ -s "$tmp/a.txt" ] && cmp -s "$tmp/a.txt" "$tmp/b.txt"' \
  "library and command agree"
echo "install: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
