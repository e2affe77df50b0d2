#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Makes the NCHW ONNX twin of a float MobileNet-style .tflite (CONV_2D, DEPTHWISE_CONV_2D,
# AVERAGE_POOL_2D, FULLY_CONNECTED, RESHAPE, SOFTMAX, ADD, fused RELU/RELU6/RELU_N1_TO_1), so that
# onnxruntime and our interpreter can be timed on the same network. With --verify it runs both
# files through tests/support/node/run_model.mjs (LiteRT, onnxruntime) and checks the outputs agree.
#
#   /usr/bin/python3 tflite_to_onnx.py MODEL.tflite OUT.onnx [--verify --modules BUILD/node]
#
# Needs python3-onnx, python3-numpy, python3-flatbuffers and flatc (Debian packages).

import argparse
import importlib
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

SOURCE_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
SCHEMA = os.path.join(SOURCE_DIR, 'core', 'tflite', 'schema', 'tflite.fbs')
RUNNER = os.path.join(SOURCE_DIR, 'tests', 'support', 'node', 'run_model.mjs')
# LiteRT (XNNPACK) and onnxruntime sum convolutions in different orders; on softmax outputs in
# [0, 1] after ~30 layers the differences stay around 1e-6, so 1e-4 only catches real mistakes.
TOLERANCE = 1e-4
TFLITE_FLOAT32 = 0
NHWC_TO_NCHW = (0, 3, 1, 2)
NCHW_TO_NHWC = (0, 2, 3, 1)


def load_schema_module(tmp):
    """Generates the Python flatbuffers code of our TFLite schema and imports its package."""
    subprocess.run(['flatc', '--python', '-o', tmp, SCHEMA], check=True)
    sys.path.insert(0, tmp)
    return lambda name: getattr(importlib.import_module('lf.tflite.fb.' + name), name)


class Converter:
    def __init__(self, fb, model_bytes):
        self.fb = fb
        self.model = fb('Model').GetRootAs(model_bytes, 0)
        self.graph = self.model.Subgraphs(0)
        self.nodes = []
        self.initializers = []
        self.names = {}     # tflite tensor index -> onnx value name
        self.nchw = set()   # tflite tensor indices whose onnx value is a 4-D NCHW activation
        ops = fb('BuiltinOperator')
        self.op_names = {v: k for k, v in vars(ops).items() if not k.startswith('_')}
        self.unique = 0

    # ---- tensors ----

    def tensor(self, index):
        return self.graph.Tensors(index)

    def shape(self, index):
        return [int(d) for d in self.tensor(index).ShapeAsNumpy()]

    def constant(self, index):
        """The data of a constant tensor as a numpy array, or None for activations."""
        tensor = self.tensor(index)
        buffer = self.model.Buffers(tensor.Buffer())
        if buffer is None or buffer.DataLength() == 0:
            return None
        if tensor.Type() not in (TFLITE_FLOAT32, 2):  # float32, int32
            raise SystemExit(f'tensor {tensor.Name().decode()}: only float32/int32 constants are handled')
        dtype = np.float32 if tensor.Type() == TFLITE_FLOAT32 else np.int32
        return np.frombuffer(buffer.DataAsNumpy().tobytes(), dtype=dtype).reshape(self.shape(index))

    def fresh(self, hint):
        self.unique += 1
        return f'{hint}_{self.unique}'

    def add_initializer(self, hint, array):
        name = self.fresh(hint)
        self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def value(self, index):
        """The onnx name of a tflite tensor; constants become initializers (NCHW when 4-D)."""
        if index in self.names:
            return self.names[index]
        data = self.constant(index)
        if data is None:
            raise SystemExit(f'tensor {index} is used before it is produced')
        if data.ndim == 4:
            data = data.transpose(NHWC_TO_NCHW)
        self.names[index] = self.add_initializer('const', data)
        return self.names[index]

    def node(self, op, inputs, outputs=None, **attributes):
        outputs = outputs or [self.fresh(op.lower())]
        self.nodes.append(helper.make_node(op, inputs, outputs, **attributes))
        return outputs[0]

    def activation(self, name, fused):
        kinds = self.fb('ActivationFunctionType')
        if fused == kinds.NONE:
            return name
        if fused == kinds.RELU:
            return self.node('Relu', [name])
        bounds = {kinds.RELU6: (0.0, 6.0), kinds.RELU_N1_TO_1: (-1.0, 1.0)}
        if fused not in bounds:
            raise SystemExit(f'fused activation {fused} is not handled')
        low, high = bounds[fused]
        return self.node('Clip', [name, self.add_initializer('min', np.float32(low)),
                                  self.add_initializer('max', np.float32(high))])

    # ---- layout helpers ----

    def same_pads(self, in_hw, kernel_hw, strides, dilations, padding):
        """ONNX pads [top, left, bottom, right] for TFLite's SAME (extra padding at the end) or VALID."""
        if padding == self.fb('Padding').VALID:
            return [0, 0, 0, 0]
        begin, end = [], []
        for size, kernel, stride, dilation in zip(in_hw, kernel_hw, strides, dilations):
            out = (size + stride - 1) // stride
            total = max((out - 1) * stride + (kernel - 1) * dilation + 1 - size, 0)
            begin.append(total // 2)
            end.append(total - total // 2)
        return begin + end

    # ---- operators ----

    def convert(self, op_index):
        op = self.graph.Operators(op_index)
        code = self.model.OperatorCodes(op.OpcodeIndex())
        builtin = max(code.BuiltinCode(), code.DeprecatedBuiltinCode())
        name = self.op_names.get(builtin, str(builtin))
        inputs = [int(i) for i in op.InputsAsNumpy()]
        output = int(op.OutputsAsNumpy()[0])
        table = op.BuiltinOptions()
        handler = getattr(self, 'convert_' + name.lower(), None)
        if handler is None:
            raise SystemExit(f'operator #{op_index} {name} is not handled')
        handler(table, inputs, output)

    def options(self, kind, table):
        options = self.fb(kind)()
        options.Init(table.Bytes, table.Pos)
        return options

    def convert_conv_2d(self, table, inputs, output):
        o = self.options('Conv2DOptions', table)
        self.conv(inputs, output, o, o.FusedActivationFunction(), group=1,
                  weights=self.constant(inputs[1]).transpose(NHWC_TO_NCHW))

    def convert_depthwise_conv_2d(self, table, inputs, output):
        o = self.options('DepthwiseConv2DOptions', table)
        # [1, H, W, C*M] -> [C*M, 1, H, W]: output channel c*M+m reads input channel c, as in TFLite.
        weights = self.constant(inputs[1]).transpose(3, 0, 1, 2)
        self.conv(inputs, output, o, o.FusedActivationFunction(), group=self.shape(inputs[0])[3],
                  weights=weights)

    def conv(self, inputs, output, o, fused, group, weights):
        strides = [o.StrideH(), o.StrideW()]
        dilations = [o.DilationHFactor(), o.DilationWFactor()]
        pads = self.same_pads(self.shape(inputs[0])[1:3], weights.shape[2:], strides, dilations, o.Padding())
        args = [self.value(inputs[0]), self.add_initializer('weights', weights)]
        if len(inputs) > 2 and inputs[2] >= 0:
            args.append(self.add_initializer('bias', self.constant(inputs[2])))
        result = self.node('Conv', args, kernel_shape=list(weights.shape[2:]), strides=strides,
                           dilations=dilations, pads=pads, group=group)
        self.names[output] = self.activation(result, fused)
        self.nchw.add(output)

    def convert_average_pool_2d(self, table, inputs, output):
        o = self.options('Pool2DOptions', table)
        kernel = [o.FilterHeight(), o.FilterWidth()]
        strides = [o.StrideH(), o.StrideW()]
        pads = self.same_pads(self.shape(inputs[0])[1:3], kernel, strides, [1, 1], o.Padding())
        # TFLite averages over the window's valid elements only.
        result = self.node('AveragePool', [self.value(inputs[0])], kernel_shape=kernel, strides=strides,
                           pads=pads, count_include_pad=0)
        self.names[output] = self.activation(result, o.FusedActivationFunction())
        self.nchw.add(output)

    def convert_reshape(self, table, inputs, output):
        source = self.value(inputs[0])
        if inputs[0] in self.nchw:
            source = self.node('Transpose', [source], perm=list(NCHW_TO_NHWC))
        shape = self.add_initializer('shape', np.array(self.shape(output), dtype=np.int64))
        result = self.node('Reshape', [source, shape])
        if len(self.shape(output)) == 4:
            result = self.node('Transpose', [result], perm=list(NHWC_TO_NCHW))
            self.nchw.add(output)
        self.names[output] = result

    def convert_fully_connected(self, table, inputs, output):
        o = self.options('FullyConnectedOptions', table)
        source = self.value(inputs[0])
        if inputs[0] in self.nchw:
            source = self.node('Transpose', [source], perm=list(NCHW_TO_NHWC))
        weights = self.constant(inputs[1])
        if len(self.shape(inputs[0])) != 2:
            source = self.node('Reshape', [source, self.add_initializer(
                'shape', np.array([-1, weights.shape[1]], dtype=np.int64))])
        args = [source, self.add_initializer('weights', weights)]
        if len(inputs) > 2 and inputs[2] >= 0:
            args.append(self.add_initializer('bias', self.constant(inputs[2])))
        result = self.node('Gemm', args, transB=1)
        self.names[output] = self.activation(result, o.FusedActivationFunction())

    def convert_softmax(self, table, inputs, output):
        beta = self.options('SoftmaxOptions', table).Beta()
        source = self.value(inputs[0])
        if beta != 1.0:
            source = self.node('Mul', [source, self.add_initializer('beta', np.float32(beta))])
        axis = 1 if inputs[0] in self.nchw else -1
        self.names[output] = self.node('Softmax', [source], axis=axis)
        if inputs[0] in self.nchw:
            self.nchw.add(output)

    def convert_add(self, table, inputs, output):
        o = self.options('AddOptions', table)
        args = []
        for index in inputs:
            data = self.constant(index)
            if data is not None and data.ndim == 1 and len(self.shape(output)) == 4:
                # A per-channel constant broadcasts over the last NHWC axis, i.e. NCHW's axis 1.
                args.append(self.add_initializer('addend', data.reshape(1, -1, 1, 1)))
            else:
                args.append(self.value(index))
        result = self.node('Add', args)
        self.names[output] = self.activation(result, o.FusedActivationFunction())
        if len(self.shape(output)) == 4:
            self.nchw.add(output)

    # ---- the model ----

    def run(self):
        graph_inputs = [int(i) for i in self.graph.InputsAsNumpy()]
        graph_outputs = [int(i) for i in self.graph.OutputsAsNumpy()]
        onnx_inputs = []
        for index in graph_inputs:
            shape = [max(d, 1) for d in self.shape(index)]
            if self.tensor(index).Type() != TFLITE_FLOAT32:
                raise SystemExit('only float32 inputs are handled')
            name = self.tensor(index).Name().decode()
            if len(shape) == 4:
                shape = [shape[i] for i in NHWC_TO_NCHW]
                self.nchw.add(index)
            self.names[index] = name
            onnx_inputs.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, shape))
        for op_index in range(self.graph.OperatorsLength()):
            self.convert(op_index)
        onnx_outputs = []
        for index in graph_outputs:
            name = self.tensor(index).Name().decode()
            source = self.names[index]
            if index in self.nchw:
                source = self.node('Transpose', [source], perm=list(NCHW_TO_NHWC))
            self.node('Identity', [source], [name])
            onnx_outputs.append(helper.make_tensor_value_info(
                name, TensorProto.FLOAT, [max(d, 1) for d in self.shape(index)]))
        graph = helper.make_graph(self.nodes, 'converted', onnx_inputs, onnx_outputs, self.initializers)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 13)],
                                  producer_name='liteforge tests/bench/tflite_to_onnx.py')
        onnx.checker.check_model(model)
        return model


def run_in_runtime(modules, model, inputs, folder):
    """Runs `model` in the Node runner on `inputs` (arrays, model order); returns the outputs."""
    os.makedirs(folder, exist_ok=True)
    arguments = ['node', RUNNER, '--modules', modules, model]
    for i, array in enumerate(inputs):
        path = os.path.join(folder, f'input_{i}.npy')
        np.save(path, array)
        arguments += ['--input', path]
    arguments += ['--output-dir', os.path.join(folder, 'out')]
    result = subprocess.run(arguments, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f'{model}: {result.stderr.strip()}')
    report = json.loads(result.stdout.strip().splitlines()[-1])
    return [np.load(output['file']) for output in report['outputs']]


def verify(tflite_path, onnx_path, modules, input_shapes):
    rng = np.random.default_rng(1234)
    nhwc = [rng.uniform(0.0, 1.0, shape).astype(np.float32) for shape in input_shapes]
    nchw = [a.transpose(NHWC_TO_NCHW) if a.ndim == 4 else a for a in nhwc]
    with tempfile.TemporaryDirectory() as folder:
        expected = run_in_runtime(modules, tflite_path, nhwc, os.path.join(folder, 'litert'))
        actual = run_in_runtime(modules, onnx_path, nchw, os.path.join(folder, 'ort'))
    worst = max(float(np.max(np.abs(a.reshape(e.shape) - e))) for a, e in zip(actual, expected))
    print(f'verify: onnxruntime vs LiteRT max abs difference {worst:.3g} (tolerance {TOLERANCE})')
    if worst > TOLERANCE:
        raise SystemExit('the ONNX twin does not compute what the .tflite computes')


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('tflite')
    parser.add_argument('onnx')
    parser.add_argument('--verify', action='store_true', help='compare onnxruntime with LiteRT')
    parser.add_argument('--modules', help='folder holding node_modules (BUILD_DIR/node)')
    args = parser.parse_args()
    if args.verify and not args.modules:
        parser.error('--verify needs --modules')
    with open(args.tflite, 'rb') as file:
        model_bytes = bytearray(file.read())
    with tempfile.TemporaryDirectory() as tmp:
        converter = Converter(load_schema_module(tmp), model_bytes)
        model = converter.run()
        input_shapes = [[max(d, 1) for d in converter.shape(int(i))] for i in converter.graph.InputsAsNumpy()]
    onnx.save(model, args.onnx)
    print(f'wrote {args.onnx}: {len(model.graph.node)} nodes')
    if args.verify:
        verify(args.tflite, args.onnx, args.modules, input_shapes)


if __name__ == '__main__':
    main()
