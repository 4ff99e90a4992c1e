#!/usr/bin/env bash
# make bench: every benchmark under bench/ in turn; figures go to the terminal (copy them into
# docs/benchmarks.md with the date and the machine).
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"
cd "$REPO"
for script in bench/bench_*.py; do
    [ -e "$script" ] || continue
    log "$script"
    "$PY" "$script" ${BENCH_ARGS:-}
done
