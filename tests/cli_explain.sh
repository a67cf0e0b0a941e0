#!/usr/bin/env bash
# --explain writes one JSON object per block; --explain-html writes a
# self-contained report that headless Chromium renders with kept blocks
# green and removed ones red. The Chromium part is skipped, with a message,
# where Chromium is absent (scripts/install-deps.sh installs it).
source "$(dirname "$0")/check.sh"

# A page whose kept blocks begin near the top, so that the first screen of
# the report shows both decisions.
page=$src/corpus/en-04.html

"$bin" --explain "$tmp/e.jsonl" --explain-html "$tmp/r.html" "$page" \
  >"$tmp/out.txt"
check '[ $? -eq 0 ] && [ -s "$tmp/e.jsonl" ] && [ -s "$tmp/r.html" ]' \
  "explain files written"

# Every line is a JSON object with the fields; kept blocks are exactly the
# paragraphs of the text output; both decisions occur; every block has a
# reason; the report shows the same blocks with the same decisions.
python3 - "$tmp/e.jsonl" "$tmp/out.txt" "$tmp/r.html" <<'EOF'
import json, sys, html.parser
rows = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
out = open(sys.argv[2], encoding="utf-8").read()
fields = {"file", "block", "keep", "kind", "class", "reason", "score",
          "chars", "words", "link_density", "stopword_density", "hint", "text"}
errors = []
for i, r in enumerate(rows):
    if set(r) != fields:
        errors.append("line %d: fields %s" % (i, sorted(r)))
    if r["block"] != i:
        errors.append("line %d: block %s" % (i, r["block"]))
    if not r["reason"]:
        errors.append("line %d: no reason" % i)
    if r["class"] not in ("bad", "short", "near", "good"):
        errors.append("line %d: class %s" % (i, r["class"]))
kept = [r["text"].strip() for r in rows if r["keep"]]
removed = [r for r in rows if not r["keep"]]
if not kept or not removed:
    errors.append("want both decisions: %d kept, %d removed"
                  % (len(kept), len(removed)))
# The text output, cut into blocks: paragraphs and list items ("- ").
paras = []
for p in out.split("\n"):
    p = p[2:] if p.startswith("- ") else p
    if p.strip():
        paras.append(p.strip())
if kept != paras:
    errors.append("kept blocks (%d) are not the output's paragraphs (%d)"
                  % (len(kept), len(paras)))

class Blocks(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.decisions = []
        self.external = []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        if tag == "div" and "b" in cls:
            self.decisions.append("kept" in cls)
            if not a.get("title"):
                self.external.append("block without a title")
        for k in ("src", "href"):
            if a.get(k):
                self.external.append("%s=%s" % (k, a[k]))
        if tag == "link" or tag == "script":
            self.external.append(tag)
p = Blocks()
p.feed(open(sys.argv[3], encoding="utf-8").read())
if p.decisions != [r["keep"] for r in rows]:
    errors.append("report shows %d blocks, JSONL %d, or decisions differ"
                  % (len(p.decisions), len(rows)))
if p.external:
    errors.append("report not self-contained: %s" % p.external[:3])
for e in errors:
    print(e, file=sys.stderr)
sys.exit(1 if errors else 0)
EOF
check '[ $? -eq 0 ]' "JSONL and report agree with the output"

# '-' writes the JSON lines to standard error, the text still to stdout.
"$bin" --explain - "$page" >"$tmp/out2.txt" 2>"$tmp/err.jsonl"
check 'cmp -s "$tmp/out.txt" "$tmp/out2.txt" && cmp -s "$tmp/e.jsonl" "$tmp/err.jsonl"' \
  "--explain - writes to stderr"
"$bin" --explain >/dev/null 2>&1
check '[ $? -eq 2 ]' "--explain without a file is a usage error"
"$bin" --explain "$tmp/no/such/dir/x" "$page" >/dev/null 2>"$tmp/err"
check '[ $? -ne 0 ] && grep -q "cannot write" "$tmp/err"' \
  "unwritable explain file reported"

# Headless Chromium: the report loads, its DOM has both kinds of block, and
# the screenshot has the green of kept and the red of removed blocks.
if ! command -v chromium >/dev/null 2>&1; then
  echo "SKIP: chromium not found; the report was not rendered (install it" \
    "with scripts/install-deps.sh)"
else
  chrome() {
    local dir
    dir=$(mktemp -d "$tmp/profile.XXXXXX")
    chromium --headless --no-sandbox --disable-gpu --no-first-run \
      --disable-background-networking --disable-component-update \
      --disable-sync --user-data-dir="$dir" "$@" 2>/dev/null
  }
  chrome --dump-dom "file://$tmp/r.html" >"$tmp/dom.html"
  check 'grep -q "class=\"b kept\"" "$tmp/dom.html" && grep -q "class=\"b removed\"" "$tmp/dom.html"' \
    "Chromium loaded the report with kept and removed blocks"
  chrome --screenshot="$tmp/shot.png" --window-size=1200,2000 \
    "file://$tmp/r.html" >/dev/null
  python3 - "$tmp/shot.png" <<'EOF'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, ihdr = 8, b"", None
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        ihdr = struct.unpack(">IIBBBBB", body)
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
w, h, depth, ctype = ihdr[:4]
assert depth == 8 and ctype in (2, 6), "PNG type %d/%d" % (depth, ctype)
bpp = 3 if ctype == 2 else 4
raw, stride = zlib.decompress(idat), w * bpp
prev, rows, i = bytearray(stride), [], 0
for _ in range(h):
    f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
    i += 1 + stride
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b, c = prev[x], prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
            line[x] = (line[x] + pred) & 255
    rows.append(line)
    prev = line
green = red = 0
for line in rows:
    for x in range(0, stride, bpp):
        r, g, b = line[x], line[x + 1], line[x + 2]
        green += g > 120 and r < 80 and b < 80     # kept border #18a018
        red += r > 160 and g < 80 and b < 80       # removed border #d01818
print("screenshot %dx%d: %d green, %d red pixels" % (w, h, green, red))
sys.exit(0 if green > 500 and red > 500 else 1)
EOF
  check '[ $? -eq 0 ]' "screenshot shows green (kept) and red (removed) blocks"
fi

finish cli_explain
