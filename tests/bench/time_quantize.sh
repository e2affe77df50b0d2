#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Times issue 5's quantization budget on MobileNetV2 224 (the PyTorch fixture of tests/data/onnx):
# `liteforge-cli convert --quantize int8` calibrated on SAMPLES seeded random samples, with the full
# per-layer report (JSON and CSV; accumulated on every sample, isolated on the first 8) and the
# keep-float suggestion, under /usr/bin/time -v. Prints each run (wall, CPU, peak RSS) and the verdict
# of the best run against the 20 s wall-clock budget; exits 1 when even the best run is over it.
# Also times the stages apart: conversion alone, calibrate + quantize without the report, and the
# report alone (quant-debug on the written pair). A benchmark, not a test: nothing here runs under ctest.
#
#   tests/bench/time_quantize.sh BUILD_DIR [MODEL.onnx]      (RUNS=2, SAMPLES=100 by default)
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
    echo "usage: $0 BUILD_DIR [MODEL.onnx]   (needs the liteforge-cli target built)" >&2
    exit 2
fi
BUILD_DIR=$(cd "$1" && pwd)
SOURCE_DIR=$(cd "$(dirname "$0")/../.." && pwd)
CLI=$BUILD_DIR/bin/liteforge-cli
RUNS=${RUNS:-2}
SAMPLES=${SAMPLES:-100}
WORK=$BUILD_DIR/bench/quantize
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

data=(--calibration random --calibration-samples "$SAMPLES")
timed() { # LABEL COMMAND...: runs the command under /usr/bin/time and prints one line
    local label=$1
    shift
    if ! /usr/bin/time -f '%e %U %S %M' -o "$WORK/time.txt" "$@" >"$WORK/stdout.txt"; then
        echo "$0: failed: $*" >&2
        exit 1
    fi
    read -r seconds user system kb <"$WORK/time.txt"
    echo "$label: $seconds s wall, $user s user + $system s system CPU, peak RSS $((kb / 1024)) MB"
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
timed "convert (float)" "$CLI" convert "$MODEL" -o "$WORK/float.tflite"
timed "convert + calibrate + quantize" "$CLI" convert "$MODEL" -o "$WORK/int8.tflite" --quantize int8 "${data[@]}"
timed "report alone (quant-debug)" "$CLI" quant-debug "$WORK/float.tflite" "$WORK/int8.tflite" "${data[@]}" \
    --report "$WORK/debug.json"

best=
for ((run = 1; run <= RUNS; run++)); do
    timed "run $run, all of it" "$CLI" convert "$MODEL" -o "$WORK/int8.tflite" --quantize int8 "${data[@]}" \
        --report "$WORK/report.json" --report-csv "$WORK/layers.csv"
    if [[ -z $best ]] || awk "BEGIN {exit !($seconds < $best)}"; then
        best=$seconds
    fi
done
sed 's/^/  /' "$WORK/stdout.txt"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "best: $best s wall for $SAMPLES samples (budget 20 s)"
if awk "BEGIN {exit !($best < 20.0)}"; then
    echo "within budget"
else
    echo "OVER BUDGET"
    exit 1
fi
