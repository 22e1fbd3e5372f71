"""Greedy set cover of a fuzz corpus over the edges that lie in kaisetsu's own functions.

`cargo fuzz cmin` keeps every input that reaches a new edge anywhere, and most edges of these
targets are inside toml, serde_yaml_ng, pulldown-cmark and syntect: it kept 5,858 of 6,083
inputs (1,782 with -use_counters=0, 883 with -set_cover_merge=1 as well). Those parsers are
fuzzed by their own projects; this keeps the smallest set (greedy) that still reaches every
edge of our own code (functions whose name mentions `kaisetsu::`, monomorphized serde code for
our types included) that the whole corpus reached.

Usage, from fuzz/ after `cargo fuzz build -O TARGET` (nightly or RUSTC_BOOTSTRAP=1):

    B=target/x86_64-unknown-linux-gnu/release/TARGET; mkdir -p /tmp/out
    ASAN_OPTIONS=detect_odr_violation=0 $B -set_cover_merge=1 -use_counters=0 \
        -merge_control_file=/tmp/ctl.txt /tmp/out corpus/TARGET
    python3 cmin_own_code.py $B /tmp/ctl.txt /tmp/keep.txt   # then delete what is not listed

Reads a libFuzzer merge control file written with -set_cover_merge=1 -use_counters=0 (each FT
line lists every feature of one input; a feature is an inline 8-bit counter, numbered by page
regions as TracePC::CollectFeatures does), maps each counter to its PC through the PIE's
relocations of __sancov_pcs, names the PC's function with nm, and keeps the features whose
function's demangled name mentions `kaisetsu::`.
"""
import bisect, struct, subprocess, sys

binary, control, out_list = sys.argv[1:4]
counters = len(sys.argv) > 4 and sys.argv[4] == "counters"
PAGE = 4096

def sections(path):
    out = subprocess.run(["readelf", "-S", "-W", path], capture_output=True, text=True).stdout
    secs = {}
    for line in out.splitlines():
        line = line.replace("[ ", "[")
        parts = line.split()
        if len(parts) > 6 and parts[0].startswith("[") and parts[0] != "[Nr]":
            try:
                secs[parts[1]] = (int(parts[3], 16), int(parts[4], 16), int(parts[5], 16))
            except ValueError:
                pass
    return secs

secs = sections(binary)
cnt_addr, _, cnt_size = secs["__sancov_cntrs"]
pcs_addr, _, pcs_size = secs["__sancov_pcs"]
rela_addr, rela_off, rela_size = secs[".rela.dyn"]
n = cnt_size
assert pcs_size == 16 * n, (pcs_size, n)
data = open(binary, "rb").read()
pc_of = [0] * n
for i in range(0, rela_size, 24):
    off, info, addend = struct.unpack_from("<QQq", data, rela_off + i)
    d = off - pcs_addr
    if 0 <= d < pcs_size and d % 16 == 0:
        pc_of[d // 16] = addend
assert all(pc_of), "unrelocated PC entries"

syms = []
nm = subprocess.run(["nm", "-C", "--defined-only", "-n", binary], capture_output=True, text=True).stdout
for line in nm.splitlines():
    parts = line.split(" ", 2)
    if len(parts) == 3 and parts[1] in "tTW":
        syms.append((int(parts[0], 16), parts[2]))
addrs = [a for a, _ in syms]
def func(pc):
    i = bisect.bisect_right(addrs, pc) - 1
    return syms[i][1] if i >= 0 else ""

# Regions as libFuzzer splits the counters: up to the first page boundary, whole pages, the rest.
regions = []  # (first feature, size, first counter)
start = cnt_addr
first_stop = min(cnt_addr + cnt_size, (cnt_addr + PAGE - 1) // PAGE * PAGE)
bounds = [cnt_addr]
if first_stop > cnt_addr:
    bounds.append(first_stop)
p = first_stop
while p + PAGE <= cnt_addr + cnt_size:
    p += PAGE
    bounds.append(p)
if bounds[-1] < cnt_addr + cnt_size:
    bounds.append(cnt_addr + cnt_size)
ff = 0
for a, b in zip(bounds, bounds[1:]):
    regions.append((ff, b - a, a - cnt_addr))
    ff += 8 * (b - a)
firsts = [r[0] for r in regions]
def counter(feature):
    i = bisect.bisect_right(firsts, feature) - 1
    f0, size, c0 = regions[i]
    if counters:
        return c0 + (feature - f0) // 8 if feature - f0 < 8 * size else None
    return c0 + feature - f0 if feature - f0 < size else None

own = [("kaisetsu::" in func(pc)) for pc in pc_of]

lines = open(control).read().split("\n")
nfiles = int(lines[0]); files = lines[2:2 + nfiles]
feats = {}
for line in lines[2 + nfiles:]:
    if line.startswith("FT "):
        parts = line.split()
        idx = int(parts[1])
        s = set()
        for f in parts[2:]:
            c = counter(int(f))
            if c is not None and c < n and own[c]:
                s.add(int(f) if counters else c)
        feats[idx] = s
import os
universe = set().union(*feats.values())
chosen, covered = [], set()
sizes = {i: os.path.getsize(files[i]) for i in feats}
while True:
    best = max(feats, key=lambda i: (len(feats[i] - covered), -sizes[i]))
    gain = feats[best] - covered
    if not gain:
        break
    chosen.append(best); covered |= gain
open(out_list, "w").write("\n".join(files[i] for i in chosen) + "\n")
total_own = sum(own)
print(f"{binary.split('/')[-1]}: {len(feats)} inputs, {total_own} of {n} counters in kaisetsu code, "
      f"{len(universe)} of them reached; {len(chosen)} inputs keep them all")
