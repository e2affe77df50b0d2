#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Makes the integer LSTM fixtures of tst_lstm_integer: one-node int8 UNIDIRECTIONAL_SEQUENCE_LSTM
models laid out as TFLite's converter writes them (int8 weights, int32 biases, int16 peepholes and
cell state, five intermediates), random int8 inputs for two invocations in a row, and TFLite's own
outputs for them from its classic interpreter (run_tflite.cjs).

    python3 make_models.py WASM_DIR

WASM_DIR is the wasm/ folder of npm's @tensorflow/tfjs-tflite@0.0.1-alpha.10. Needs numpy, PIL,
flatc and node. Writes <case>.tflite, <case>_inputs.npy and <case>_expected.npy here, plus
mnist_lstm_int8_expected.npy: TFLite's outputs of the shared corpus' int8 mnist_lstm model for
ref/sample0..9.png (pixels / 255, quantized with the input's scale and zero point).
"""

import json
import pathlib
import shutil
import subprocess
import sys
import tempfile

import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
SCHEMA = HERE.parents[2] / "core" / "tflite" / "schema" / "tflite.fbs"
CORPUS = HERE.parents[3] / "shared" / "corpus" / "tflite" / "mnist_lstm"

# name: batches, steps, inputs, cells, time_major, cifg, peephole, cell exponent, cell_clip,
#       input scale, input zero point, state scale, state zero point, weight range, seed, and
#       optionally a dict of: outputs (projection), projection_bias, proj_clip, hidden scale and
#       zero point, layer_norm (gate intermediate scale)
CASES = {
    "basic": (1, 6, 5, 4, False, False, False, -11, 0.0, 0.02, -3, 1 / 128, 0, 0.5, 1),
    "batches_time_major": (3, 4, 7, 6, True, False, False, -12, 0.0, 0.03, 5, 1 / 128, 0, 0.6, 2),
    "cifg_peephole_clip": (2, 5, 4, 5, False, True, True, -12, 3.0, 0.025, 0, 1 / 100, 0, 0.7, 3),
    "peephole_cell_exponent_10": (2, 5, 6, 3, False, False, True, -10, 1.5, 0.02, 7, 0.01, 0, 0.8, 4),
    "state_zero_point": (2, 4, 3, 4, False, False, False, -11, 0.0, 0.015, -20, 0.009, -7, 0.6, 5),
    "saturating_cell_exponent_13": (1, 8, 5, 5, False, False, False, -13, 0.0, 0.05, 2, 0.01, 3, 2.5, 6),
    "projection": (2, 5, 4, 6, False, False, False, -11, 0.0, 0.02, 3, 0.012, 4, 0.6, 7,
                   {"outputs": 3, "projection_bias": True, "hidden": (1 / 150, -5)}),
    "projection_clip_time_major": (2, 4, 5, 5, True, False, False, -12, 0.0, 0.02, 0, 0.01, 0, 0.7, 8,
                                   {"outputs": 4, "proj_clip": 0.4, "hidden": (1 / 128, 0)}),
    "layer_norm": (2, 5, 4, 8, False, False, False, -11, 0.0, 0.02, -2, 1 / 128, 0, 0.6, 9,
                   {"layer_norm": 0.0008, "hidden": (1 / 128, 0)}),
    "layer_norm_cifg_peephole_projection": (2, 4, 5, 6, False, True, True, -12, 2.0, 0.02, 4, 0.01, 2,
                                            0.6, 10, {"outputs": 6, "projection_bias": True,
                                                      "layer_norm": 0.0006, "hidden": (1 / 140, 3)}),
}


def quantize(values, qmax):
    scale = float(np.abs(values).max()) / qmax or 1.0
    return np.clip(np.round(values / scale), -qmax, qmax), np.float32(scale)


class ModelBuilder:
    def __init__(self):
        self.tensors, self.buffers = [], [{}]

    def add(self, name, shape, dtype, data=None, scale=None, zero_point=0, variable=False):
        buffer = 0
        if data is not None:
            self.buffers.append({"data": list(np.ascontiguousarray(data).tobytes())})
            buffer = len(self.buffers) - 1
        tensor = {"name": name, "shape": list(shape), "type": dtype, "buffer": buffer,
                  "is_variable": variable}
        if scale is not None:
            tensor["quantization"] = {"scale": [float(scale)], "zero_point": [int(zero_point)]}
        self.tensors.append(tensor)
        return len(self.tensors) - 1


def lstm_model(case):
    (batches, steps, inputs, cells, time_major, cifg, peephole, cell_exponent, cell_clip,
     input_scale, input_zp, state_scale, state_zp, weight_range, seed) = case[:15]
    extra = case[15] if len(case) > 15 else {}
    outputs = extra.get("outputs", cells)
    hidden_scale, hidden_zp = extra.get("hidden", (state_scale, state_zp))
    layer_norm = extra.get("layer_norm")
    rng = np.random.default_rng(seed)
    m = ModelBuilder()
    in_shape = [steps, batches, inputs] if time_major else [batches, steps, inputs]
    operands = [-1] * 24
    operands[0] = m.add("input", in_shape, "INT8", scale=input_scale, zero_point=input_zp)
    for gate, name in enumerate(["input", "forget", "cell", "output"]):
        if gate == 0 and cifg:
            continue
        for base, kind, columns, source_scale in ((1, "input", inputs, input_scale),
                                                  (5, "recurrent", outputs, state_scale)):
            q, scale = quantize(rng.uniform(-weight_range, weight_range, (cells, columns)), 127)
            operands[base + gate] = m.add(f"{kind}_to_{name}", [cells, columns], "INT8",
                                          q.astype(np.int8), scale)
        bias_scale = np.float32(input_scale) * m.tensors[operands[1 + gate]]["quantization"]["scale"][0]
        if layer_norm:
            q, scale = quantize(rng.uniform(0.5, 1.5, cells), 32767)
            operands[20 + gate] = m.add(f"{name}_layer_norm", [cells], "INT16", q.astype(np.int16), scale)
            bias_scale = scale * np.float32(2.0 ** -10)
        bias = np.round(rng.uniform(-0.5, 0.5, cells) / bias_scale).astype(np.int32)
        operands[12 + gate] = m.add(f"{name}_gate_bias", [cells], "INT32", bias, bias_scale)
        if peephole and gate != 2:
            q, scale = quantize(rng.uniform(-0.5, 0.5, cells), 32767)
            operands[9 + [0, 1, None, 2][gate]] = m.add(f"cell_to_{name}", [cells], "INT16",
                                                        q.astype(np.int16), scale)
    if "outputs" in extra:
        q, scale = quantize(rng.uniform(-0.8, 0.8, (outputs, cells)), 127)
        operands[16] = m.add("projection", [outputs, cells], "INT8", q.astype(np.int8), scale)
        if extra.get("projection_bias"):
            bias_scale = np.float32(hidden_scale) * scale
            bias = np.round(rng.uniform(-0.3, 0.3, outputs) / bias_scale).astype(np.int32)
            operands[17] = m.add("projection_bias", [outputs], "INT32", bias, bias_scale)
    operands[18] = m.add("output_state", [batches, outputs], "INT8", scale=state_scale,
                         zero_point=state_zp, variable=True)
    operands[19] = m.add("cell_state", [batches, cells], "INT16", scale=2.0 ** cell_exponent,
                         variable=True)
    gates = ("input_to_input", "input_to_forget", "input_to_cell", "input_to_output")
    if layer_norm:
        intermediates = [m.add(f"{name}_intermediate", [0], "INT16", scale=layer_norm) for name in gates]
    else:
        intermediates = [m.add(f"{name}_intermediate", [0], "FLOAT32") for name in gates]
    intermediates.append(m.add("effective_hidden_scale_intermediate", [0], "INT8",
                               scale=hidden_scale, zero_point=hidden_zp))
    out_shape = in_shape[:2] + [outputs]
    output = m.add("output", out_shape, "INT8", scale=state_scale, zero_point=state_zp)
    operator = {
        "opcode_index": 0, "inputs": operands, "outputs": [output], "intermediates": intermediates,
        "builtin_options_type": "UnidirectionalSequenceLSTMOptions",
        "builtin_options": {"fused_activation_function": "TANH", "cell_clip": cell_clip,
                            "proj_clip": extra.get("proj_clip", 0.0), "time_major": time_major},
    }
    model = {
        "version": 3, "description": "tst_lstm_integer fixture",
        "operator_codes": [{"deprecated_builtin_code": 44, "builtin_code": "UNIDIRECTIONAL_SEQUENCE_LSTM",
                            "version": 1}],
        "subgraphs": [{"tensors": m.tensors, "inputs": [operands[0]], "outputs": [output],
                       "operators": [operator], "name": "main"}],
        "buffers": m.buffers,
    }
    runs = np.stack([rng.integers(-128, 128, in_shape) for _ in range(2)]).astype(np.int8)
    return model, runs, out_shape


def run_tflite(wasm_dir, model_path, runs, out_shape, work):
    inputs, outputs = work / "inputs.bin", work / "outputs.bin"
    runs.tofile(inputs)
    subprocess.run(["node", str(HERE / "run_tflite.cjs"), wasm_dir, str(model_path), str(len(runs)),
                    str(inputs), str(outputs)], check=True)
    return np.fromfile(outputs, np.int8).reshape([len(runs)] + list(out_shape))


def mnist_inputs():
    from PIL import Image

    scale, zero_point = np.float32(0.003921568859368563), -128
    inputs = []
    for n in range(10):
        pixels = np.asarray(Image.open(CORPUS / "ref" / f"sample{n}.png").convert("RGB"))[:, :, 0]
        image = pixels.astype(np.float32) / np.float32(255)
        inputs.append(np.clip(np.round(image / scale) + zero_point, -128, 127).astype(np.int8)[None])
    return inputs


def main():
    wasm_dir = sys.argv[1]
    with tempfile.TemporaryDirectory() as temp:
        work = pathlib.Path(temp)
        for name, case in CASES.items():
            model, runs, out_shape = lstm_model(case)
            (work / "model.json").write_text(json.dumps(model))
            subprocess.run(["flatc", "-b", "-o", str(work), str(SCHEMA), str(work / "model.json")], check=True)
            shutil.copyfile(work / "model.tflite", HERE / f"{name}.tflite")
            expected = run_tflite(wasm_dir, HERE / f"{name}.tflite", runs, out_shape, work)
            np.save(HERE / f"{name}_inputs.npy", runs)
            np.save(HERE / f"{name}_expected.npy", expected)
            print(name, "distinct outputs:", len(np.unique(expected)))
        model = CORPUS / "trained_lstm_int8.tflite"
        expected = [run_tflite(wasm_dir, model, sample[None], [1, 10], work)[0] for sample in mnist_inputs()]
        np.save(HERE / "mnist_lstm_int8_expected.npy", np.concatenate(expected))


if __name__ == "__main__":
    main()
