#!/bin/sh
# Runs one fuzz target, niced, for SECONDS (default 60), on the grown
# corpus fuzz/work/TARGET with the seeds of fuzz/corpus/TARGET; crashes go
# to fuzz/artifacts/TARGET/, the log to fuzz/logs/TARGET-SECONDS.log.
# Further arguments go to libFuzzer (e.g. -fork=1 -ignore_crashes=1).
# Build first, in fuzz/:  RUSTC_BOOTSTRAP=1 cargo fuzz build -a
set -eu
cd "$(dirname "$0")"
target=$1
seconds=${2:-60}
shift $(($# < 2 ? $# : 2))
mkdir -p "work/$target" "artifacts/$target" logs
exec nice -n 19 /usr/bin/time -f "wall %e s, user %U s, sys %S s" \
    "target/x86_64-unknown-linux-gnu/release/$target" \
    -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="artifacts/$target/" "$@" \
    "work/$target" "corpus/$target" >"logs/$target-$seconds.log" 2>&1
