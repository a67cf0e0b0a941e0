# Shared by the tests/cli_*.sh scripts (sourced, not a test itself): the
# arguments, a temporary directory removed on exit, and the check counter.
#   check 'SHELL CONDITION' "what it checks"   counts a pass or a failure
#   finish NAME                                  prints the counts, sets status
set -u
bin=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
check() { if eval "$1"; then ok; else bad "$2"; fi; }
finish() {
  echo "$1: $pass passed, $fail failed"
  [ "$fail" -eq 0 ]
}
