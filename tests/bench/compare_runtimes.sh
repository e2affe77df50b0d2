#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Times liteforge-cli's interpreter against the real runtimes on the same networks and prints a
# markdown table (model, runtime, threads, median ms): int8 MobileNets against LiteRT.js, float
# MobileNet against onnxruntime-node on an ONNX twin made by tflite_to_onnx.py. A benchmark, not a test.
#
#   tests/bench/compare_runtimes.sh BUILD_DIR        (RUNS=50 WARMUP=5 by default)
set -euo pipefail

if [[ $# -ne 1 ]]; then
    echo "usage: $0 BUILD_DIR   (needs the liteforge-cli and lf_test_runtimes targets built)" >&2
    exit 2
fi
BUILD_DIR=$(cd "$1" && pwd)
SOURCE_DIR=$(cd "$(dirname "$0")/../.." && pwd)
CORPUS=$(cd "${LF_CORPUS:-$SOURCE_DIR/../shared/corpus/tflite}" && pwd)
RUNS=${RUNS:-50}
WARMUP=${WARMUP:-5}
CLI=$BUILD_DIR/bin/liteforge-cli
MODULES=$BUILD_DIR/node
RUNNER=$SOURCE_DIR/tests/support/node/run_model.mjs
PYTHON=/usr/bin/python3
WORK=$BUILD_DIR/bench
mkdir -p "$WORK"

for needed in "$CLI" "$MODULES/node_modules" "$RUNNER" "$PYTHON"; do
    if [[ ! -e $needed ]]; then
        echo "$0: missing $needed (build liteforge-cli and lf_test_runtimes in $BUILD_DIR)" >&2
        exit 2
    fi
done

rows=()
notes=()

# add_row MODEL RUNTIME THREADS MS_OR_EMPTY [WHY]
add_row() {
    if [[ -n $4 ]]; then
        rows+=("| $1 | $2 | $3 | $4 |")
    else
        rows+=("| $1 | $2 | $3 | failed |")
        notes+=("- $1 / $2 / $3 threads: $5")
    fi
}

# make_input FILE DTYPE SHAPE...: seeded random data; floats in [0, 1] like the images these
# networks take, integers over their whole range.
make_input() {
    "$PYTHON" - "$@" <<'EOF'
import sys
import numpy as np
path, dtype, shape = sys.argv[1], np.dtype(sys.argv[2]), [int(d) for d in sys.argv[3:]]
rng = np.random.default_rng(5489)
if dtype.kind == 'f':
    array = rng.uniform(0.0, 1.0, shape).astype(dtype)
else:
    info = np.iinfo(dtype)
    array = rng.integers(info.min, info.max, shape, endpoint=True, dtype=dtype)
np.save(path, array)
EOF
}

json_field() {
    "$PYTHON" -c 'import json, sys; print(round(json.loads(sys.stdin.read().strip().splitlines()[-1])[sys.argv[1]], 3))' "$1"
}

# ours LABEL MODEL THREADS [ARITHMETIC]: ARITHMETIC is builtin (the default) or xnnpack.
ours() {
    local output arithmetic=${4:-builtin} runtime=liteforge-cli
    [ "$arithmetic" = builtin ] || runtime="liteforge-cli ($arithmetic)"
    if output=$("$CLI" bench "$2" --threads "$3" --runs "$RUNS" --warmup "$WARMUP" \
                     --arithmetic "$arithmetic" --json 2>&1); then
        add_row "$1" "$runtime" "$3" "$(json_field median_ms <<<"$output")"
    else
        add_row "$1" "$runtime" "$3" "" "$(tail -n 1 <<<"$output")"
    fi
}

# reference LABEL RUNTIME MODEL THREADS INPUT: LiteRT.js for .tflite, onnxruntime-node for .onnx.
reference() {
    local output
    if output=$(node "$RUNNER" --modules "$MODULES" "$3" --input "$5" --output-dir "$WORK/out" \
                     --threads "$4" --bench "$RUNS" 2>&1); then
        add_row "$1" "$2" "$4" "$(json_field ms <<<"$output")"
    else
        add_row "$1" "$2" "$4" "" "$(tail -n 1 <<<"$output" | cut -c1-300)"
    fi
}

# (a) int8 networks: LiteRT.js (single-threaded WebAssembly) against ours on 1 and 2 threads, and
# with LiteRT's own (XNNPACK) integer arithmetic, whose outputs are bit-identical to LiteRT's.
VWW_INT8=$CORPUS/vww_mobilenet_96_mlperf/vww_96_int8.tflite
PERSON=$CORPUS/person_detect_int8/person_detect.tflite
make_input "$WORK/rgb96_int8.npy" int8 1 96 96 3
make_input "$WORK/gray96_int8.npy" int8 1 96 96 1
reference "vww_96_int8 (MobileNetV1 0.25, int8)" "LiteRT.js" "$VWW_INT8" 1 "$WORK/rgb96_int8.npy"
ours "vww_96_int8 (MobileNetV1 0.25, int8)" "$VWW_INT8" 1
ours "vww_96_int8 (MobileNetV1 0.25, int8)" "$VWW_INT8" 2
ours "vww_96_int8 (MobileNetV1 0.25, int8)" "$VWW_INT8" 1 xnnpack
reference "person_detect (MobileNetV1 0.25, int8)" "LiteRT.js" "$PERSON" 1 "$WORK/gray96_int8.npy"
ours "person_detect (MobileNetV1 0.25, int8)" "$PERSON" 1
ours "person_detect (MobileNetV1 0.25, int8)" "$PERSON" 2

# (b) float MobileNet: onnxruntime on the ONNX twin (NCHW) against ours on the .tflite.
VWW_FLOAT=$CORPUS/vww_mobilenet_96_mlperf/vww_96_float.tflite
VWW_ONNX=$WORK/vww_96_float.onnx
make_input "$WORK/rgb96_float_nhwc.npy" float32 1 96 96 3
make_input "$WORK/rgb96_float_nchw.npy" float32 1 3 96 96
if twin=$("$PYTHON" "$SOURCE_DIR/tests/bench/tflite_to_onnx.py" "$VWW_FLOAT" "$VWW_ONNX" --verify --modules "$MODULES" 2>&1); then
    notes+=("- vww_96_float.onnx: $(tail -n 1 <<<"$twin")")
    for threads in 1 2; do
        reference "vww_96_float (MobileNetV1 0.25, float)" "onnxruntime-node" "$VWW_ONNX" "$threads" "$WORK/rgb96_float_nchw.npy"
    done
else
    add_row "vww_96_float (MobileNetV1 0.25, float)" "onnxruntime-node" "1, 2" "" "tflite_to_onnx.py: $(tail -n 1 <<<"$twin")"
fi
reference "vww_96_float (MobileNetV1 0.25, float)" "LiteRT.js" "$VWW_FLOAT" 1 "$WORK/rgb96_float_nhwc.npy"
ours "vww_96_float (MobileNetV1 0.25, float)" "$VWW_FLOAT" 1
ours "vww_96_float (MobileNetV1 0.25, float)" "$VWW_FLOAT" 2

# A second float data point: torchvision's MobileNetV2 at 224x224 with seeded random weights, in
# onnxruntime as exported and in our interpreter after `liteforge-cli convert` (NHWC input).
MOBILENET_V2=$WORK/mobilenet_v2_224.onnx
if "$PYTHON" -c 'import torch, torchvision' 2>/dev/null; then
    if [[ -s $MOBILENET_V2 ]] || "$PYTHON" "$SOURCE_DIR/tests/bench/make_mobilenet_v2.py" "$MOBILENET_V2" >/dev/null 2>&1; then
        make_input "$WORK/rgb224_float_nchw.npy" float32 1 3 224 224
        for threads in 1 2; do
            reference "mobilenet_v2_224 (torchvision, float)" "onnxruntime-node" "$MOBILENET_V2" "$threads" "$WORK/rgb224_float_nchw.npy"
        done
        if converted=$("$CLI" convert "$MOBILENET_V2" -o "$WORK/mobilenet_v2_224.tflite" 2>&1); then
            ours "mobilenet_v2_224 (torchvision, float)" "$WORK/mobilenet_v2_224.tflite" 1
            ours "mobilenet_v2_224 (torchvision, float)" "$WORK/mobilenet_v2_224.tflite" 2
        else
            add_row "mobilenet_v2_224 (torchvision, float)" "liteforge-cli" "1, 2" "" "convert failed: $(tail -n 1 <<<"$converted")"
        fi
    else
        add_row "mobilenet_v2_224 (torchvision, float)" "onnxruntime-node" "1, 2" "" "make_mobilenet_v2.py failed"
    fi
else
    notes+=("- mobilenet_v2_224: skipped; apt-get install python3-torch python3-torchvision to add it")
fi

echo "Median latency of one inference over $RUNS runs ($(nproc) cores; ours after $WARMUP warm-up runs, the Node runner after one)."
echo
echo "| model | runtime | threads | median ms |"
echo "| --- | --- | --- | --- |"
printf '%s\n' "${rows[@]}"
if [[ ${#notes[@]} -gt 0 ]]; then
    echo
    printf '%s\n' "${notes[@]}"
fi
