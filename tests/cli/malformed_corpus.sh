#!/usr/bin/env bash
# The malformed-input corpus: every case is a command that must fail cleanly.
#
# Cases live in tests/cli/malformed/<group>/cases.txt, one per line (blank lines and lines
# starting with '#' are ignored), three fields separated by TABs:
#   id <TAB> expected <TAB> arguments
# `arguments` is shell-parsed (quotes work) with two variables set:
#   $D  a private copy of the group's folder (its files; setup.sh, if present, ran in it first,
#       so it can make FIFOs, sparse files or anything too large to commit)
#   $O  an empty folder for the case's outputs
# `expected` is a fixed string that stderr must contain: the file, node, attribute or option
# the error is about (a message that names nothing is a failure).
#
# A case passes when the command (stdin /dev/null, 60 s limit, 16 GiB address space unless
# the binary is built with AddressSanitizer):
#   - exits non-zero and below 124 (no timeout, no signal),
#   - prints `expected` on stderr and no raw library message,
#   - leaves $O empty and $D as it was (nothing written, nothing left behind; a folder's own
#     mtime is not compared: a temporary created and removed beside an output changes it).
# Optional: NPUSIM_CORPUS_GROUP=onnx runs one group; NPUSIM_CORPUS_VERBOSE=1 prints every case.
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
NPUSIM=$(realpath "$NPUSIM")
SOURCE_DIR=$(realpath "$SOURCE_DIR")
corpus_root="$SOURCE_DIR/tests/cli/malformed"
[[ -d "$corpus_root" ]] || { fail "no corpus at $corpus_root"; exit 1; }

# Messages that come from a library, not from npusim: each means an error was not caught and
# explained where it happened.
raw_messages='std::|what\(\)|json\.exception|vector::_M|basic_string|bad_alloc|terminate called|Segmentation|core dumped|AddressSanitizer|runtime error:'

# 16 GiB of address space stops a runaway allocation; an AddressSanitizer build reserves
# terabytes of shadow address space at start, so it runs without that limit.
vlimit_kib=16777216
if ldd "$NPUSIM" 2>/dev/null | grep -q libasan; then vlimit_kib=unlimited; fi

total=0
for cases in "$corpus_root"/*/cases.txt; do
  group_dir=$(dirname "$cases")
  group=$(basename "$group_dir")
  [[ -n "${NPUSIM_CORPUS_GROUP:-}" && "$group" != "$NPUSIM_CORPUS_GROUP" ]] && continue
  D="$work/$group"
  cp -r "$group_dir" "$D"
  export SOURCE_DIR NPUSIM  # setup.sh may copy fixtures from the checkout or make them with npusim
  if [[ -f "$D/setup.sh" ]]; then
    (cd "$D" && bash ./setup.sh) || { fail "$group: setup.sh failed"; continue; }
  fi
  before=$(cd "$D" && find . \( -type d -printf '%p/\n' \) -o -printf '%p %s %T@\n' | sort | md5sum)
  group_count=0
  while IFS=$'\t' read -r id expected arguments || [[ -n "$id" ]]; do
    [[ -z "$id" || "$id" == \#* ]] && continue
    if [[ -z "$expected" || -z "$arguments" ]]; then
      fail "$group/$id: a case needs three TAB-separated fields"; continue
    fi
    O="$work/out.$group.$group_count"
    mkdir -p "$O"
    eval "set -- $arguments"
    (ulimit -v $vlimit_kib; cd "$D" && timeout 60 "$NPUSIM" "$@" </dev/null >"$work/stdout" 2>"$work/stderr")
    rc=$?
    [[ -n "${NPUSIM_CORPUS_VERBOSE:-}" ]] && echo "$group/$id: exit $rc: $(head -c 300 "$work/stderr")"
    if [[ $rc -eq 0 ]]; then
      fail "$group/$id: accepted (exit 0): npusim $arguments"
    elif [[ $rc -ge 124 ]]; then
      fail "$group/$id: exit $rc (timeout or signal): npusim $arguments"; head -c 2000 "$work/stderr"
    else
      grep -qF -- "$expected" "$work/stderr" \
        || { fail "$group/$id: stderr does not name '$expected'"; head -c 2000 "$work/stderr"; }
      if grep -Eq "$raw_messages" "$work/stderr"; then
        fail "$group/$id: raw library message"; head -c 2000 "$work/stderr"
      fi
    fi
    leftover=$(find "$O" -mindepth 1 | head -5)
    [[ -z "$leftover" ]] || fail "$group/$id: left behind: $leftover"
    rm -rf "$O"
    group_count=$((group_count + 1))
  done <"$cases"
  after=$(cd "$D" && find . \( -type d -printf '%p/\n' \) -o -printf '%p %s %T@\n' | sort | md5sum)
  [[ "$before" == "$after" ]] || fail "$group: a case wrote into the group's folder"
  echo "$group: $group_count cases"
  total=$((total + group_count))
  rm -rf "$D"
done
echo "malformed corpus: $total cases, $failures failures"
exit $((failures > 0))
