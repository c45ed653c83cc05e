#!/bin/sh
# Compiles the wrapper statically: build.sh OUT SRC. $CC when set, else musl-gcc when the machine has it (Debian's
# musl-tools), else gcc. Every intercepted command pays one exec of this binary, and a static glibc binary starts
# ~0.7 ms slower than a musl one on the 2-core CI machine (docs/benchmarks.md, "the wrapper's libc"), so musl is
# preferred; both link the same source, and the tests run whichever was built.
set -eu
out=$1
src=$2
cc=${CC:-}
if [ -z "$cc" ]; then
  if command -v musl-gcc >/dev/null 2>&1; then cc=musl-gcc; else cc=gcc; fi
fi
mkdir -p "$(dirname "$out")"
"$cc" -static -O2 -s -Wall -Wextra -Werror -o "$out" "$src"
echo "scc-wrapper: compiled with $cc (static)"
