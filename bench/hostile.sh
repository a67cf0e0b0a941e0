#!/usr/bin/env bash
# Hostile pages: time and peak RSS of the cleaner on generated inputs.
#   bench/hostile.sh BUILD_DIR [EXTRA CLEANER OPTIONS...]
# Bar (issue 2): each finishes in under max(2 s, 1 s per MB) and 256 MiB,
# or is refused with a clear message.
set -uo pipefail
build=$1
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp" <<'PY'
import os, sys
d = sys.argv[1]
def w(name, s):
    with open(os.path.join(d, name), "w") as f:
        f.write(s)
w("nested-1M-divs.html", "<html><body>" + "<div>" * 1000000 + "deep text" + "</div>" * 1000000)
p = "<p>The council voted on Tuesday to extend the programme, after a debate.</p>\n"
w("page-80MB.html", "<html><body><article>" + p * (80 * 2**20 // len(p)) + "</article>")
w("text-node-50MB.html", "<html><body><p>" + "word " * (50 * 2**20 // 5) + "</p>")
w("attrs-1M.html", "<div " + " ".join("a%d=x" % i for i in range(1000000)) + ">text</div>")
with open(os.path.join(d, "junk.bin"), "wb") as f:
    f.write(os.urandom(20 * 2**20))
PY
for f in "$tmp"/*; do
  mb=$(( $(stat -c %s "$f") / 1048576 ))
  /usr/bin/time -f "TIME %e %M" -o "$tmp/t" "$build/cleaner" "$@" "$f" \
    >/dev/null 2>"$tmp/err"
  rc=$?
  read -r _ secs kb < <(grep "^TIME" "$tmp/t")
  printf '%-22s %4d MB  %6.2f s  %5d MiB  exit %d  %s\n' "$(basename "$f")" \
    "$mb" "$secs" $((kb / 1024)) "$rc" "$(head -c 70 "$tmp/err" | tr '\n' ' ')"
done
