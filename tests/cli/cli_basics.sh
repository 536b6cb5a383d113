#!/usr/bin/env bash
# The command line's basic promises: --help, --version, unknown subcommands and options.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
check "--help exits 0" 0 "$NPUSIM" --help
check "--version exits 0" 0 "$NPUSIM" --version
check "no subcommand is a usage error" 2 "$NPUSIM"
check "unknown subcommand is a usage error" 2 "$NPUSIM" no-such-subcommand
"$NPUSIM" --version | grep -Eq '^npusim [0-9]+\.[0-9]+\.[0-9]+$' || fail "--version format"
"$NPUSIM" no-such-subcommand 2>&1 | grep -q "unknown subcommand 'no-such-subcommand'" || fail "unknown subcommand message"
exit $((failures > 0))
