#!/usr/bin/env bash
# Interleaved timing of several kaisetsu binaries on one site (use a tmpfs such as /dev/shm):
# RUNS rounds, each binary built once per round into a fresh output folder; prints every run
# and the median wall time of each binary, and the median CPU time (user + system), which
# moves less than wall time when other work shares the machine. Sites come from
# `KAISETSU_BENCH_KEEP=1 cargo bench --bench build` (under /dev/shm/kaisetsu-bench).
# usage: benches/interleave.sh SITE RUNS BIN...
set -u
# Cold builds unless the caller says otherwise (KAISETSU_NO_CACHE=0: warm, from .kaisetsu/cache/).
export KAISETSU_NO_CACHE=${KAISETSU_NO_CACHE-1}
SITE=$1; RUNS=$2; shift 2
out=/dev/shm/kaisetsu-interleave-out
declare -A t c
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for i in $(seq 1 "$RUNS"); do
  for bin in "$@"; do
    rm -rf "$out"
    s=$(date +%s%N)
    /usr/bin/time -o "$out.time" -f '%U %S' "$bin" build --root "$SITE" --output "$out" -q \
      >/dev/null 2>&1 || { echo "FAILED $bin"; exit 1; }
    e=$(( ($(date +%s%N) - s) / 1000000 ))
    t[$bin]="${t[$bin]:-} $e"
    c[$bin]="${c[$bin]:-} $(tail -1 "$out.time" | awk '{printf "%d", ($1 + $2) * 1000}')"
  done
done
for bin in "$@"; do
  echo "$(basename "$bin"): median $(median ${t[$bin]}) ms wall, $(median ${c[$bin]}) ms CPU (wall runs:${t[$bin]}; CPU runs:${c[$bin]})"
done
