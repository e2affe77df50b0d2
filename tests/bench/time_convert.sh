#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Times `liteforge-cli convert` on MobileNetV2 (the PyTorch fixture of tests/data/onnx) with
# /usr/bin/time -v and checks issue 4's budget: under 1 s wall clock and a peak resident set under
# 3 x the model's size + 100 MB. Prints one line per run and the verdict of the best run; exits 1
# when even the best run is over budget. A benchmark, not a test: nothing here runs under ctest.
#
#   tests/bench/time_convert.sh BUILD_DIR [MODEL.onnx]      (RUNS=3 by default)
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
    echo "usage: $0 BUILD_DIR [MODEL.onnx]   (needs the liteforge-cli target built)" >&2
    exit 2
fi
BUILD_DIR=$(cd "$1" && pwd)
SOURCE_DIR=$(cd "$(dirname "$0")/../.." && pwd)
CLI=$BUILD_DIR/bin/liteforge-cli
RUNS=${RUNS:-3}
WORK=$BUILD_DIR/bench
mkdir -p "$WORK"

MODEL=${2:-$BUILD_DIR/tests/data/onnx/mobilenet_v2.onnx}
if [[ ! -f $MODEL && $# -eq 1 ]]; then
    /usr/bin/python3 "$SOURCE_DIR/tests/data/onnx/make_fixtures.py" "$(dirname "$MODEL")" --only mobilenet_v2
fi
for needed in "$CLI" "$MODEL" /usr/bin/time; do
    if [[ ! -e $needed ]]; then
        echo "$0: missing $needed" >&2
        exit 2
    fi
done

model_bytes=$(stat -c %s "$MODEL")
budget_kb=$(( (3 * model_bytes + 100 * 1024 * 1024) / 1024 ))
output=$WORK/$(basename "${MODEL%.onnx}").tflite
best_seconds=
best_kb=
for ((run = 1; run <= RUNS; run++)); do
    report=$WORK/time_convert.txt
    if ! /usr/bin/time -v -o "$report" "$CLI" convert "$MODEL" -o "$output" >/dev/null; then
        echo "$0: liteforge-cli convert failed on $MODEL" >&2
        exit 1
    fi
    # "Elapsed (wall clock) time (h:mm:ss or m:ss): 0:00.71"
    seconds=$(awk -F': ' '/Elapsed \(wall clock\)/ {
        n = split($2, part, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + part[i]; print s }' "$report")
    kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$report")
    echo "run $run: ${seconds} s wall, peak RSS $((kb / 1024)) MB"
    if [[ -z $best_seconds ]] || awk "BEGIN {exit !($seconds < $best_seconds)}"; then
        best_seconds=$seconds
    fi
    if [[ -z $best_kb || $kb -lt $best_kb ]]; then
        best_kb=$kb
    fi
done

echo "model $(basename "$MODEL"): $((model_bytes / 1024 / 1024)) MB, .tflite $(( $(stat -c %s "$output") / 1024 / 1024 )) MB"
echo "best: ${best_seconds} s wall (budget 1 s), peak RSS $((best_kb / 1024)) MB (budget $((budget_kb / 1024)) MB)"
if awk "BEGIN {exit !($best_seconds < 1.0)}" && [[ $best_kb -lt $budget_kb ]]; then
    echo "within budget"
else
    echo "OVER BUDGET"
    exit 1
fi
