#!/usr/bin/env bash
# Builds the reader's libFuzzer target with clang (ASan + UBSan) and runs it for SECONDS (default
# 60) on the committed corpus. Exits non-zero on a crash, a hang (5 s), a leak, running out of
# memory (2 GB) or any sanitizer report; the input that caused it is left in
# build-fuzz/artifacts/ — add it to tests/bad-inputs/ as a regression case when the fix is in.
#
#   bash tests/fuzz/run.sh [SECONDS] [more libFuzzer flags, e.g. -seed=1]
#
# The seeds are the committed corpus and the bad inputs (tests/bad-inputs/; its other files are
# harmless inputs too). New inputs the run finds go to build-fuzz/fuzz-corpus/; the committed
# corpus is only read. To fold them in, merge into the corpus, which keeps what it has and adds
# only inputs that reach new code (edges, not counters, so that it stays small: ~550
# files, 160 KB of input after 105 minutes of fuzzing):
#   build-fuzz/tests/fuzz/fuzz_reader -merge=1 -use_counters=0 -max_len=65536 \
#       tests/fuzz/corpus build-fuzz/fuzz-corpus
# Needs clang and libclang-rt-14-dev (Debian 12).
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds="${1:-60}"
shift || true
build="${PAIBAN_FUZZ_BUILD:-build-fuzz}"

if [ ! -f "$build/build.ninja" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DBUILD_TESTING=ON
fi
if ! grep -q '^CMAKE_CXX_COMPILER:.*clang' "$build/CMakeCache.txt"; then
  echo "tests/fuzz/run.sh: $build was configured with another compiler than clang" >&2
  exit 2
fi
cmake --build "$build" --target fuzz_reader

mkdir -p "$build/fuzz-corpus" "$build/artifacts"
exec "$build/tests/fuzz/fuzz_reader" \
  -dict=tests/fuzz/reader.dict \
  -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -max_len=65536 \
  -artifact_prefix="$build/artifacts/" -print_final_stats=1 \
  "$@" "$build/fuzz-corpus" tests/fuzz/corpus tests/bad-inputs
