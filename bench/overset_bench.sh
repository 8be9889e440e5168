#!/bin/bash
# Overset benchmark: how long `paiban build` takes to reject a story far too long for its issue,
# in both writing modes, for 20k to 200k characters of the 中国电子报 sample's text. The story
# stands on page 1 of a two-page issue, so page makeup breaks it onto page 2 (the jump search)
# before the rest is reported as overset; the time should grow linearly with the text.
#
#   bench/overset_bench.sh          (from anywhere; builds nothing itself)
#
# Environment: PAIBAN (default build/compiler/paiban), RUNS (default 5), SIZES (default
# "20000 50000 100000 200000"), MODES (default "horizontal vertical"). Runs are interleaved and
# each figure is the median of RUNS; the last column is milliseconds per 10,000 characters, which
# stays about level when the cost is linear.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
paiban=${PAIBAN:-$root/build/compiler/paiban}
runs=${RUNS:-5}
sizes=${SIZES:-20000 50000 100000 200000}
modes=${MODES:-horizontal vertical}
[[ -x $paiban ]] || { echo "overset_bench: $paiban not found; build it first" >&2; exit 2; }

work=$(mktemp -d /tmp/paiban-overset-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

# The sources: the sample's paragraphs repeated to N characters, one story, two pages.
python3 - "$root/issue-sources/cena-2020-12-30/issue.xml" "$work" $sizes -- $modes <<'EOF'
import sys, xml.etree.ElementTree as ET
sample, work = sys.argv[1], sys.argv[2]
rest = sys.argv[3:]
sizes = [int(s) for s in rest[:rest.index("--")]]
modes = rest[rest.index("--") + 1:]
paragraphs = ["".join(p.itertext()).strip() for p in ET.parse(sample).iter("p")]
for n in sizes:
    body, count, i = [], 0, 0
    while count < n:
        text = paragraphs[i % len(paragraphs)]
        body.append("<p>%s</p>" % text.replace("&", "&amp;").replace("<", "&lt;"))
        count += len(text)
        i += 1
    for mode in modes:
        with open("%s/overset-%d-%s.xml" % (work, n, mode), "w") as out:
            out.write('''<?xml version="1.0" encoding="UTF-8"?>
<issue id="overset" lang="zh-Hans" writing-mode="%s">
  <publication><name>中国电子报</name></publication>
  <date weekday="星期三">2020-12-30</date>
  <numbering issue="95" cumulative="4410" pages="2"/>
  <page number="1"><article id="long"><headline>全国工业和信息化工作会议在京召开</headline>
    <body>%s</body></article></page>
  <page number="2"><article id="short"><headline>短讯</headline><body><p>本版另有短讯。</p></body></article></page>
</issue>
''' % (mode, "\n".join(body)))
EOF

results=$work/results.tsv
: >"$results"
for run in $(seq "$runs"); do
  for n in $sizes; do
    for mode in $modes; do
      src=$work/overset-$n-$mode.xml
      t0=$(date +%s%N)
      status=0
      "$paiban" build "$src" -o "$work/out" >/dev/null 2>"$work/err.txt" || status=$?
      t1=$(date +%s%N)
      if [[ $status != 1 ]] || ! grep -q "does not fit" "$work/err.txt"; then
        echo "overset_bench: expected an overset error (exit 1) for $src, got $status:" >&2
        cat "$work/err.txt" >&2
        exit 1
      fi
      printf '%s\t%s\t%s\n' "$n" "$mode" "$(( (t1 - t0) / 1000000 ))" >>"$results"
    done
  done
done

printf '%-10s %10s %12s %18s\n' mode characters "median ms" "ms per 10k chars"
for mode in $modes; do
  for n in $sizes; do
    median=$(awk -F'\t' -v n="$n" -v m="$mode" '$1 == n && $2 == m { print $3 }' "$results" |
      sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
    printf '%-10s %10s %12s %18.1f\n' "$mode" "$n" "$median" "$(awk -v t="$median" -v n="$n" 'BEGIN { print t * 10000 / n }')"
  done
done
