#!/usr/bin/env bash
# Builds the libFuzzer target over the compile path (Fuzz/) and runs it; docs/FUZZING.md.
#
#   scripts/fuzz.sh [SECONDS] [libFuzzer flags…]   build, then fuzz for SECONDS (default 60)
#   scripts/fuzz.sh --build                         build only
#   scripts/fuzz.sh --replay FILE…                  run each input once (a crash file, a folder)
#
# Exits non-zero on any crash, Swift runtime trap, failed invariant, timeout (a hang) or
# out-of-memory; the input is saved under $FUZZ_WORK/findings/. The corpus in
# $FUZZ_WORK/corpus (default .build-fuzz/work) grows from run to run.
set -euo pipefail
cd "$(dirname "$0")/.."

scratch=.build-fuzz
work=${FUZZ_WORK:-$scratch/work}
binary=$scratch/release/fuzz-compile

build() {
  # Only the fuzz target and what it links (Spec, Planner, swift-crypto) are built, all
  # instrumented; the root package's own build in .build/ is not touched.
  swift build --package-path Fuzz --scratch-path "$scratch" -c release --sanitize fuzzer --product fuzz-compile
}

# libFuzzer must see the trap itself to save the input: the Swift runtime's backtracer
# would take the signal first and exit without an artifact.
export SWIFT_BACKTRACE=enable=no

case "${1:-}" in
  --build)
    build
    exit 0
    ;;
  --replay)
    shift
    build
    exec "$binary" -runs=0 -rss_limit_mb=2048 -timeout=10 "$@"
    ;;
esac

seconds=${1:-60}
shift || true
build

# Seeds: the example specs (a folder spec joined into one input with the `#--file--` line that
# the target splits on, so the merger sees it), and the fixtures taken from the tests (Fuzz/seeds).
seeds=$work/seeds
mkdir -p "$work/corpus" "$work/findings" "$seeds"
rm -f "$seeds"/*
cp specs/*.yaml "$seeds/"
for folder in specs/*/; do
  name=$(basename "$folder")
  first=1
  for file in "$folder"*.yaml; do
    if [ "$first" = 0 ]; then printf '#--file--\n'; fi
    cat "$file"
    first=0
  done >"$seeds/$name.folder.yaml"
done

echo "fuzzing for ${seconds}s: corpus $work/corpus, findings $work/findings/"
# -timeout: one input running 10 s is a hang (a spec this size compiles in milliseconds);
# -rss_limit_mb: the whole process, so a blow-up is an OOM finding, not a dead machine.
"$binary" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
  -dict=Fuzz/spec.dict -artifact_prefix="$work/findings/" -print_final_stats=1 \
  "$@" "$work/corpus" "$seeds" Fuzz/seeds Fuzz/regressions
