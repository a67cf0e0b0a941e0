#!/usr/bin/env bash
# Install the Debian 12 packages cleaner needs to build, test and benchmark.
# Run as root (or with sudo). Does nothing when all are installed already.
set -euo pipefail
packages=(
  build-essential cmake pkg-config  # compiler and build
  libgumbo-dev                      # HTML5 parser
  libicu-dev                        # charsets, word breaks, case folding
  zlib1g-dev                        # gzip input
  libjansson-dev                    # JSON: JSONL input/output, JSON-LD
  python3 parallel                  # stream tests: JSON checks, GNU parallel
  clang-format                      # style check in the test suite
  clang libclang-rt-14-dev          # libFuzzer targets in the test suite
  valgrind                          # memory check of the command in tests
  cmark                             # CommonMark reference: Markdown output test
  chromium                          # headless render of the explain report test
  time                              # benchmarks: /usr/bin/time for peak RSS
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
    missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
