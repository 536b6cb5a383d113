#!/usr/bin/env bash
# The command line's basic promises: --help, --version, unknown subcommands and options.
set -u
NPUSIM=$1
failures=0
check() {  # check DESCRIPTION EXPECTED_EXIT COMMAND...
  local description=$1 expected=$2; shift 2
  "$@" >/tmp/npusim_cli_out.$$ 2>&1
  local got=$?
  if [[ $got -ne $expected ]]; then
    echo "FAIL: $description: exit $got, expected $expected"; cat /tmp/npusim_cli_out.$$; failures=$((failures + 1))
  fi
}
check "--help exits 0" 0 "$NPUSIM" --help
check "--version exits 0" 0 "$NPUSIM" --version
check "no subcommand is a usage error" 2 "$NPUSIM"
check "unknown subcommand is a usage error" 2 "$NPUSIM" no-such-subcommand
"$NPUSIM" --version | grep -Eq '^npusim [0-9]+\.[0-9]+\.[0-9]+$' || { echo "FAIL: --version format"; failures=$((failures + 1)); }
"$NPUSIM" no-such-subcommand 2>&1 | grep -q "unknown subcommand 'no-such-subcommand'" || { echo "FAIL: unknown subcommand message"; failures=$((failures + 1)); }
rm -f /tmp/npusim_cli_out.$$
exit $((failures > 0))
