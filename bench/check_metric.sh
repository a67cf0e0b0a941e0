#!/usr/bin/env bash
# Check that cleaner-eval's metric agrees with the reference score.py: the
# overall line, every language line and every page's P and R, to the three
# decimals both print. For developers (needs python3 and shared/), not CI.
#
# usage: bench/check_metric.sh [--cleaner PATH | --pred DIR] DATASET_DIR
#   default: run the cleaner through cleaner-eval --keep, then score the
#   kept predictions with score.py; --pred: compare on an existing
#   prediction directory (e.g. a fake one) without running the cleaner.
# environment: CLEANER_EVAL (default build/bench/cleaner-eval),
#   SCORE_PY (default ../shared/tools/score.py beside the repository).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
eval_bin=${CLEANER_EVAL:-$here/../build/bench/cleaner-eval}
score_py=${SCORE_PY:-$here/../../shared/tools/score.py}

usage() {
  echo "usage: $0 [--cleaner PATH | --pred DIR] DATASET_DIR" >&2
  exit 2
}

pred="" cleaner=()
case "${1:-}" in
--pred) [ $# -ge 2 ] || usage; pred=$2; shift 2 ;;
--cleaner) [ $# -ge 2 ] || usage; cleaner=(--cleaner "$2"); shift 2 ;;
esac
[ $# -eq 1 ] || usage
dataset=$1

work=$(mktemp -d "${TMPDIR:-/tmp}/check_metric.XXXXXX")
trap 'rm -rf "$work"' EXIT

if [ -n "$pred" ]; then
  "$eval_bin" --per-page --pred "$pred" "$dataset" >"$work/c.out"
else
  pred=$work/pred
  "$eval_bin" --per-page ${cleaner[@]+"${cleaner[@]}"} --keep "$pred" \
    "$dataset" >"$work/c.out"
fi
python3 "$score_py" "$dataset" "$pred" --by-lang --per-doc "$work/per.json" \
  >"$work/py.out"

# Summary lines have the same format in both; order differs, so sort.
grep -v '^page ' "$work/c.out" | sort >"$work/c.sum"
sort "$work/py.out" >"$work/py.sum"
echo "cleaner-eval:"
sed 's/^/  /' "$work/c.sum"
echo "score.py:"
sed 's/^/  /' "$work/py.sum"
status=0
if ! diff -u "$work/py.sum" "$work/c.sum"; then
  echo "DIFFER: summary lines" >&2
  status=1
fi

# Per page: score.py's per-doc figures printed the way cleaner-eval prints.
python3 - "$work/per.json" "$work/c.out" <<'EOF' || status=1
import json, re, sys
per = json.load(open(sys.argv[1], encoding="utf-8"))
seen, bad = 0, 0
for line in open(sys.argv[2], encoding="utf-8"):
    m = re.match(r"page F1=\S+ P=(\S+) R=(\S+) lang=.* id=(.*)$", line)
    if not m:
        continue
    seen += 1
    want = per.get(m.group(3))
    if want is None or (f"{want['p']:.3f}", f"{want['r']:.3f}") != m.group(1, 2):
        bad += 1
        print("DIFFER:", line.rstrip(), "score.py:", want, file=sys.stderr)
print(f"pages compared: {seen} of {len(per)}, differing: {bad}")
sys.exit(1 if bad or seen != len(per) else 0)
EOF
[ $status -eq 0 ] && echo "agree"
exit $status
