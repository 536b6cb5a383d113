# Shared preamble of the tests/cli/*.sh scripts. This file sits in lib/ because CTest registers
# every tests/cli/*.sh as a test (a non-recursive glob); lib/ is not globbed.
# Each script is run as `bash SCRIPT NPUSIM SOURCE_DIR` and starts with
#   source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# which sets NPUSIM, SOURCE_DIR, PY, a temporary directory $work (removed on exit) and
# failures=0, and defines fail and check. A script ends with `exit $((failures > 0))`.
# A peer that scripts/setup.sh installs (torch, onnx, ONNX Runtime) missing is a failure, not a
# skip; only what setup cannot provide (a Slurm cluster, a terminal tool) prints "SKIP: why".
set -u
NPUSIM=$1
# SOURCE_DIR defaults to the checkout this file is in, so a script also runs with one argument.
SOURCE_DIR=${2:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
PY=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

fail() {  # fail MESSAGE...: report one failed assertion; the script goes on and exits 1 at the end.
  echo "FAIL: $*"; failures=$((failures + 1))
}

check() {  # check DESCRIPTION EXPECTED_EXIT COMMAND...: output kept in $work/out.txt for later greps.
  local description=$1 expected=$2; shift 2
  "$@" >"$work/out.txt" 2>&1
  local got=$?
  if [[ $got -ne $expected ]]; then
    fail "$description: exit $got, expected $expected"; cat "$work/out.txt"
  fi
}
