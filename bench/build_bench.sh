#!/bin/bash
# Whole-build benchmark: `paiban build` (PDF + EPUB) of generated N-page issues in both writing
# modes, against pango-view setting the same text in one plain column to a PDF, in one run.
#
#   bench/build_bench.sh            (from anywhere; builds nothing itself)
#
# Environment: PAIBAN (default build-bench/compiler/paiban), COMPOSE_BENCH (default
# build-bench/bench/compose_bench), RUNS (default 5), PAGES (default "1 8 32 100"),
# MODES (default "horizontal vertical"), KEEP=1 keeps the work folder.
#
# The machine is shared, so runs are interleaved (run 1 of every case, then run 2, …) and every
# figure is a median of RUNS, with the reference measured in the same run. Wall time is taken
# around each process; peak RSS is GNU time's "Maximum resident set size". Needs python3,
# pango-view (pango1.0-tools) and GNU time (package time).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
paiban=${PAIBAN:-$root/build-bench/compiler/paiban}
compose_bench=${COMPOSE_BENCH:-$root/build-bench/bench/compose_bench}
runs=${RUNS:-5}
pages_list=${PAGES:-1 8 32 100}
modes=${MODES:-horizontal vertical}
sample=$root/issue-sources/cena-2020-12-30/issue.xml

# pango-view setting: the body font and size of the default page template (layout/page/makeup.h:
# Noto Serif CJK SC 9 pt, 2 em indent) at its body measure: a horizontal column is 10 em (90 pt);
# a vertical band is 20 em (180 pt) below the masthead page, set with gravity east as paiban does.
pv_common=(-q --dpi=72 "--font=Noto Serif CJK SC 9" --wrap=word-char --justify --indent=18)
pv_horizontal=(--width=90)
pv_vertical=(--width=180 --gravity=east --gravity-hint=strong)

for tool in "$paiban" "$compose_bench"; do
  [[ -x $tool ]] || { echo "build_bench: $tool not found; build it first" >&2; exit 2; }
done
for tool in /usr/bin/time pango-view python3; do
  command -v "$tool" >/dev/null || { echo "build_bench: $tool missing (apt-get install time pango1.0-tools python3)" >&2; exit 2; }
done

work=$(mktemp -d /tmp/paiban-build-bench.XXXXXX)
if [[ ${KEEP:-0} != 1 ]]; then trap 'rm -rf "$work"' EXIT; fi
results=$work/results.tsv
: >"$results"

# Runs a command under GNU time; appends "case kind run seconds rss_kb" to the results.
measure() {
  local case=$1 kind=$2 run=$3
  shift 3
  local t0 t1 status=0
  t0=$(date +%s%N)
  /usr/bin/time -v -o "$work/time.txt" "$@" >"$work/cmd.log" 2>&1 || status=$?
  t1=$(date +%s%N)
  if [[ $status != 0 ]]; then
    echo "build_bench: failed ($status): $*" >&2
    cat "$work/cmd.log" >&2
    exit 1
  fi
  local rss
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")
  printf '%s\t%s\t%s\t%s\t%s\n' "$case" "$kind" "$run" \
    "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')" "$rss" >>"$results"
}

# The cases: generated issues, and the sample itself (target: no slower than pango-view).
cases=()
for mode in $modes; do
  for n in $pages_list; do
    name=${mode:0:1}-$n
    "$root/bench/make_issue" "$n" "$mode" -o "$work/$name.xml"
    "$paiban" check "$work/$name.xml" >/dev/null
    cases+=("$name")
  done
done
cp "$sample" "$work/sample.xml"
cases+=(sample)
for name in "${cases[@]}"; do
  "$root/bench/make_issue" --plain-text "$work/$name.xml" -o "$work/$name.txt"
done

for run in $(seq 1 "$runs"); do
  echo "run $run of $runs …" >&2
  for name in "${cases[@]}"; do
    if [[ $name == v-* ]]; then pv_mode=("${pv_vertical[@]}"); else pv_mode=("${pv_horizontal[@]}"); fi
    rm -rf "$work/out-$name"
    measure "$name" paiban "$run" "$paiban" build "$work/$name.xml" -o "$work/out-$name"
    measure "$name" pango-view "$run" pango-view "${pv_common[@]}" "${pv_mode[@]}" \
      -o "$work/out-$name-pango.pdf" "$work/$name.txt"
  done
done
for name in "${cases[@]}"; do
  id=$(sed -n 's/.*<issue id="\([^"]*\)".*/\1/p' "$work/$name.xml")
  for ext in pdf epub; do
    [[ -s $work/out-$name/$id.$ext ]] || { echo "build_bench: no $id.$ext" >&2; exit 1; }
  done
done

# PangoLayout alone and paiban's composer alone: compose_bench's rates on the body paragraphs of
# the 8-page horizontal issue (or the sample), same run; a case's time is its characters / rate.
rate_source=$work/h-8.xml
[[ -f $rate_source ]] || rate_source=$work/sample.xml
"$compose_bench" "$rate_source" "$runs" >"$work/compose.txt"

python3 - "$work" "$runs" "${cases[@]}" <<'EOF'
import re, statistics, sys
work, runs, cases = sys.argv[1], sys.argv[2], sys.argv[3:]
rows = [line.rstrip("\n").split("\t") for line in open(f"{work}/results.tsv")]
def times(case, kind):
    return [float(r[3]) for r in rows if r[0] == case and r[1] == kind]
def rss(case, kind):
    return max(int(r[4]) for r in rows if r[0] == case and r[1] == kind)
compose = open(f"{work}/compose.txt").read()
ours_rate = float(re.search(r"paiban composer:\s*([\d.]+)", compose).group(1)) * 1e6
pango_rate = float(re.search(r"PangoLayout:\s*([\d.]+)", compose).group(1)) * 1e6
def pages(case):
    return int(re.search(r'pages="(\d+)"', open(f"{work}/{case}.xml").read()).group(1)) \
        if case != "sample" else len(re.findall(r"<page ", open(f"{work}/{case}.xml").read()))
def chars(case):
    return len(open(f"{work}/{case}.txt", encoding="utf-8").read().replace("\n", ""))

print(f"paiban build (PDF + EPUB) against pango-view (one column to a PDF), median of {runs} "
      "interleaved runs; peak RSS is the largest of the runs.")
print("PangoLayout alone / paiban composer alone: characters / compose_bench rate "
      f"({pango_rate / 1e6:.3f} / {ours_rate / 1e6:.3f} M chars/s, same run).")
print()
head = ("| case | pages | characters | paiban median s | pages/s | paiban peak RSS MB "
        "| pango-view median s | pango-view peak RSS MB | paiban / pango-view "
        "| PangoLayout alone s (est.) | paiban composer alone s (est.) |")
print(head)
print("|" + "---|" * (head.count("|") - 1))
med = {}
for case in cases:
    p, c = pages(case), chars(case)
    ours, ref = statistics.median(times(case, "paiban")), statistics.median(times(case, "pango-view"))
    med[case] = ours
    label = {"h": "horizontal", "v": "vertical"}.get(case[0], "") + case[1:] if case != "sample" \
        else "sample cena-2020-12-30"
    print(f"| {label} | {p} | {c:,} | {ours:.3f} | {p / ours:.1f} | {rss(case, 'paiban') / 1024:.0f} "
          f"| {ref:.3f} | {rss(case, 'pango-view') / 1024:.0f} | {ours / ref:.2f} "
          f"| {c / pango_rate:.3f} | {c / ours_rate:.3f} |")
print()
for mode in "hv":
    if f"{mode}-100" in med and f"{mode}-8" in med:
        print(f"{'horizontal' if mode == 'h' else 'vertical'}: 100-page / 8-page time = "
              f"{med[f'{mode}-100'] / med[f'{mode}-8']:.2f}")
EOF
