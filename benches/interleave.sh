#!/usr/bin/env bash
# Interleaved timing of several kaisetsu binaries on one site (use a tmpfs such as /dev/shm):
# RUNS rounds, each binary built once per round into a fresh output folder; prints every run
# and the median of each binary. Sites come from `KAISETSU_BENCH_KEEP=1 cargo bench --bench build`
# (under /dev/shm/kaisetsu-bench). usage: benches/interleave.sh SITE RUNS BIN...
set -u
# Cold builds unless the caller says otherwise (KAISETSU_NO_CACHE=0: warm, from .kaisetsu/cache/).
export KAISETSU_NO_CACHE=${KAISETSU_NO_CACHE-1}
SITE=$1; RUNS=$2; shift 2
out=/dev/shm/kaisetsu-interleave-out
declare -A t
for i in $(seq 1 "$RUNS"); do
  for bin in "$@"; do
    rm -rf "$out"
    s=$(date +%s%N)
    "$bin" build --root "$SITE" --output "$out" -q >/dev/null 2>&1 || { echo "FAILED $bin"; exit 1; }
    e=$(( ($(date +%s%N) - s) / 1000000 ))
    t[$bin]="${t[$bin]:-} $e"
  done
done
for bin in "$@"; do
  m=$(printf '%s\n' ${t[$bin]} | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$(basename $bin): median $m ms (runs:${t[$bin]})"
done
