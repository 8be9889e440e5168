#!/usr/bin/env bash
# Regenerates the golden dumps in tests/golden/ from the current build. Read the diff before
# committing: every changed line is a change in what the compiler makes.
set -euo pipefail
cd "$(dirname "$0")/.."
paiban=build/compiler/paiban
for dir in issue-sources/*/; do
  id=$(basename "$dir")
  [ -f "$dir/issue.xml" ] || continue
  "$paiban" build "$dir/issue.xml" --dump model > "tests/golden/$id.model.txt"
  for mode in horizontal vertical; do
    "$paiban" build "$dir/issue.xml" --writing-mode "$mode" --dump layout \
      > "tests/golden/$id.layout-$mode.txt"
  done
done
PAIBAN_UPDATE_GOLDENS=1 build/tests/composer_golden_test > /dev/null
git --no-pager diff --stat -- tests/golden
