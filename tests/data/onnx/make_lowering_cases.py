#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Writes ONNX node cases in the layout of ONNX's conformance suite (CASE/model.onnx,
# CASE/test_data_set_0/input_N.pb, output_N.pb) for the lowerings that suite cannot reach:
#
#   extra_*   older opsets (attribute forms), attribute variants and dtype corner cases the suite
#             lacks, with expected outputs computed here by numpy;
#   frozen_*  copies of the suite's cases whose shape-like operands (shapes, axes, pads, starts,
#             repeats, split sizes, ...) are graph inputs, with those operands turned into
#             initializers, which is how real models carry them and what TFLite needs.
#
#   /usr/bin/python3 make_lowering_cases.py OUT [--suite /usr/share/libonnx-testdata/data/node]
#
# tst_onnx_conformance runs them with LF_ONNX_TESTDATA=OUT. Everything is deterministic.

import argparse
import pathlib
import re
import shutil

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ONNX_TYPES = {np.dtype('float32'): TensorProto.FLOAT, np.dtype('int64'): TensorProto.INT64,
              np.dtype('int32'): TensorProto.INT32, np.dtype('int8'): TensorProto.INT8,
              np.dtype('uint8'): TensorProto.UINT8, np.dtype('bool'): TensorProto.BOOL}

# Suite cases whose operands after input 0 are graph inputs; all of Range's and ConstantOfShape's.
FROZEN = re.compile(r'^test_(reshape|slice|squeeze|unsqueeze|split_variable|tile|expand|edge_pad|reflect_pad|'
                    r'constant_pad|reduce_sum_(default|do_not|keepdims|negative|empty)|range_(float|int32)_type_[a-z_]+delta$|'
                    r'constantofshape_(float_ones|int_zeros)|tril|triu|onehot)')
FREEZE_ALL = {'Range', 'ConstantOfShape'}
# Cases with zero-element tensors, which the IR cannot hold as constants.
ZERO_ELEMENTS = {'test_reshape_allowzero_reordered', 'test_tril_zero', 'test_triu_zero'}


def write_case(folder, model, inputs, outputs):
    """inputs/outputs: lists of TensorProto, numbered in order."""
    shutil.rmtree(folder, ignore_errors=True)
    data = folder / 'test_data_set_0'
    data.mkdir(parents=True)
    onnx.save(model, str(folder / 'model.onnx'))
    for prefix, tensors in (('input', inputs), ('output', outputs)):
        for index, tensor in enumerate(tensors):
            (data / f'{prefix}_{index}.pb').write_bytes(tensor.SerializeToString())


def node_case(out, name, op, inputs, outputs, attributes=None, opset=13, initializers=None, node_inputs=None):
    """A one-node model. inputs, outputs, initializers: lists of (name, array)."""
    initializers = initializers or []
    names = node_inputs or [n for n, _ in inputs] + [n for n, _ in initializers]
    node = helper.make_node(op, names, [n for n, _ in outputs], **(attributes or {}))
    graph = helper.make_graph(
        [node], name,
        [helper.make_tensor_value_info(n, ONNX_TYPES[a.dtype], a.shape) for n, a in inputs],
        [helper.make_tensor_value_info(n, ONNX_TYPES[a.dtype], a.shape) for n, a in outputs],
        [numpy_helper.from_array(a, n) for n, a in initializers])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', opset)])
    model.ir_version = 7
    write_case(out / name, model, [numpy_helper.from_array(a, n) for n, a in inputs],
               [numpy_helper.from_array(a, n) for n, a in outputs])


def softmax(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def coerced_2d(x, axis, function):
    """ONNX's pre-opset-13 softmax family: the function over [prod(:axis), prod(axis:)]."""
    return function(x.reshape(int(np.prod(x.shape[:axis])), -1)).reshape(x.shape)


def hardmax_2d(x):
    out = np.zeros_like(x)
    out[np.arange(x.shape[0]), x.argmax(1)] = 1
    return out


def softmax_cases(out, rng):
    x = rng.standard_normal((2, 3, 4)).astype(np.float32)
    node_case(out, 'extra_softmax_opset11_axis1', 'Softmax', [('x', x)], [('y', coerced_2d(x, 1, lambda v: softmax(v, 1)))],
              {'axis': 1}, opset=11)
    node_case(out, 'extra_logsoftmax_opset11_axis0', 'LogSoftmax', [('x', x)],
              [('y', coerced_2d(x, 0, lambda v: np.log(softmax(v, 1))))], {'axis': 0}, opset=11)
    node_case(out, 'extra_hardmax_opset11_axis1', 'Hardmax', [('x', x)], [('y', coerced_2d(x, 1, hardmax_2d))], {'axis': 1}, opset=11)
    nchw = rng.standard_normal((1, 3, 2, 2)).astype(np.float32)
    node_case(out, 'extra_softmax_nchw_axis1', 'Softmax', [('x', nchw)], [('y', softmax(nchw, 1))], {'axis': 1})


def shape_cases(out, rng):
    x = rng.standard_normal((3, 4, 5)).astype(np.float32)
    node_case(out, 'extra_slice_opset9_attributes', 'Slice', [('x', x)], [('y', x[1:3, :, -4:-1])],
              {'starts': [1, -4], 'ends': [1000, -1], 'axes': [0, 2]}, opset=9)
    node_case(out, 'extra_slice_negative_steps_to_start', 'Slice', [('x', x)], [('y', x[:, 3::-2, ::-1])], initializers=[
        ('starts', np.array([3, -1], np.int64)), ('ends', np.array([-1000, -(2**63 - 1)], np.int64)),
        ('axes', np.array([1, 2], np.int64)), ('steps', np.array([-2, -1], np.int64))])
    x = rng.standard_normal((1, 3, 1, 2)).astype(np.float32)
    node_case(out, 'extra_squeeze_opset11_attribute', 'Squeeze', [('x', x)], [('y', x.reshape(3, 1, 2))], {'axes': [0]}, opset=11)
    node_case(out, 'extra_squeeze_all_unit_dims', 'Squeeze', [('x', x)], [('y', x.reshape(3, 2))])
    x = rng.standard_normal((2, 4)).astype(np.float32)
    node_case(out, 'extra_split_opset11_attribute', 'Split', [('x', x)], [('a', x[:, :1]), ('b', x[:, 1:])],
              {'axis': 1, 'split': [1, 3]}, opset=11)
    node_case(out, 'extra_split_opset13_constant_sizes', 'Split', [('x', x)], [('a', x[:, :3]), ('b', x[:, 3:])], {'axis': -1},
              initializers=[('split', np.array([3, 1], np.int64))])
    x = rng.standard_normal((2, 3)).astype(np.float32)
    node_case(out, 'extra_pad_opset2_constant_value', 'Pad', [('x', x)], [('y', np.pad(x, ((1, 0), (2, 1)), constant_values=1.5))],
              {'pads': [1, 2, 0, 1], 'mode': 'constant', 'value': 1.5}, opset=2)
    node_case(out, 'extra_pad_opset11_reflect', 'Pad', [('x', x)], [('y', np.pad(x, ((1, 1), (2, 0)), mode='reflect'))],
              {'mode': 'reflect'}, opset=11, initializers=[('pads', np.array([1, 2, 1, 0], np.int64))])
    node_case(out, 'extra_pad_opset11_edge', 'Pad', [('x', x)], [('y', np.pad(x, ((0, 2), (3, 1)), mode='edge'))],
              {'mode': 'edge'}, opset=11, initializers=[('pads', np.array([0, 3, 2, 1], np.int64))])
    node_case(out, 'extra_pad_opset11_value_input', 'Pad', [('x', x)], [('y', np.pad(x, 1, constant_values=-2.0))], opset=11,
              initializers=[('pads', np.array([1, 1, 1, 1], np.int64)), ('value', np.array(-2.0, np.float32))])
    x = rng.standard_normal((3, 4)).astype(np.float32)
    node_case(out, 'extra_gather_constant_negative_indices', 'Gather', [('x', x)], [('y', x[:, [3, 0, 2]])], {'axis': 1},
              initializers=[('i', np.array([-1, 0, -2], np.int64))])
    node_case(out, 'extra_gather_scalar_index', 'Gather', [('x', x)], [('y', x[2])], initializers=[('i', np.array(-1, np.int64))])
    x = rng.standard_normal((3, 1)).astype(np.float32)
    node_case(out, 'extra_expand_bidirectional', 'Expand', [('x', x)], [('y', x * np.ones((2, 1, 6), np.float32))],
              initializers=[('shape', np.array([2, 1, 6], np.int64))])
    a = rng.standard_normal((2, 3)).astype(np.float32)
    node_case(out, 'extra_concat_with_constant', 'Concat', [('a', a)],
              [('y', np.concatenate([a, np.ones((2, 2), np.float32)], axis=-1))], {'axis': -1},
              initializers=[('b', np.ones((2, 2), np.float32))])
    x = rng.standard_normal((2, 3)).astype(np.float32)
    node_case(out, 'extra_dropout_mask_opset12', 'Dropout', [('x', x)], [('y', x), ('mask', np.ones((2, 3), bool))], opset=12,
              initializers=[('ratio', np.array(0.5, np.float32)), ('training_mode', np.array(False))])


def elementwise_cases(out, rng):
    x = (rng.standard_normal((3, 4)) * 4).astype(np.float32)
    node_case(out, 'extra_clip_opset6_relu6', 'Clip', [('x', x)], [('y', np.clip(x, 0, 6))], {'min': 0.0, 'max': 6.0}, opset=6)
    node_case(out, 'extra_clip_opset6_min_only', 'Clip', [('x', x)], [('y', np.maximum(x, -0.5))], {'min': -0.5}, opset=6)
    node_case(out, 'extra_clip_opset11_n1_to_1', 'Clip', [('x', x)], [('y', np.clip(x, -1, 1))], opset=11,
              initializers=[('min', np.array(-1, np.float32)), ('max', np.array(1, np.float32))])
    node_case(out, 'extra_clip_opset13_relu', 'Clip', [('x', x)], [('y', np.maximum(x, 0))],
              initializers=[('min', np.array(0, np.float32))])
    node_case(out, 'extra_clip_opset13_computed_max', 'Clip', [('x', x), ('max', np.array(0.25, np.float32))],
              [('y', np.minimum(x, 0.25))], node_inputs=['x', '', 'max'])
    values = np.array([-2.7, -0.5, 0.0, 0.5, 1.9, 126.6], np.float32)
    node_case(out, 'extra_cast_float_to_int8', 'Cast', [('x', values)], [('y', values.astype(np.int8))], {'to': TensorProto.INT8})
    node_case(out, 'extra_cast_float_to_bool', 'Cast', [('x', values)], [('y', values.astype(bool))], {'to': TensorProto.BOOL})
    node_case(out, 'extra_cast_float_to_int64', 'Cast', [('x', values)], [('y', values.astype(np.int64))], {'to': TensorProto.INT64})
    small = np.array([100, -100, 7, 120], np.int8)
    node_case(out, 'extra_add_int8_wraps', 'Add', [('a', small), ('b', small)], [('y', (small.astype(np.int32) * 2).astype(np.int8))],
              opset=14)
    bytes_ = np.array([16, 200, 3, 255], np.uint8)
    node_case(out, 'extra_mul_uint8_wraps', 'Mul', [('a', bytes_), ('b', bytes_)],
              [('y', (bytes_.astype(np.int32) ** 2).astype(np.uint8))], opset=14)
    condition = np.array([[True], [False]])
    x, y = rng.standard_normal((1, 3)).astype(np.float32), rng.standard_normal((2, 1)).astype(np.float32)
    node_case(out, 'extra_where_broadcast', 'Where', [('c', condition), ('x', x), ('y', y)], [('z', np.where(condition, x, y))], opset=16)


def activation_cases(out, rng):
    x = rng.standard_normal((1, 3, 2, 2)).astype(np.float32)
    slope = np.array([0.1, 0.2, 0.3], np.float32).reshape(3, 1, 1)
    node_case(out, 'extra_prelu_nchw_channel_slope', 'PRelu', [('x', x)], [('y', np.where(x > 0, x, x * slope))], opset=9,
              initializers=[('slope', slope)])
    node_case(out, 'extra_elu_alpha_half', 'Elu', [('x', x)], [('y', np.where(x > 0, x, 0.5 * (np.exp(x) - 1)))], {'alpha': 0.5}, opset=6)
    node_case(out, 'extra_mish', 'Mish', [('x', x)], [('y', x * np.tanh(np.log1p(np.exp(x))))], opset=18)
    node_case(out, 'extra_softplus_wide_range', 'Softplus', [('x', x * 10)], [('y', np.log(np.exp(x * 10) + 1))], opset=1)
    node_case(out, 'extra_relu_int8', 'Relu', [('x', np.array([100, -100, 7, -1], np.int8))],
              [('y', np.array([100, 0, 7, 0], np.int8))], opset=14)


def reduce_cases(out, rng):
    x = rng.standard_normal((2, 3, 4)).astype(np.float32)
    node_case(out, 'extra_reducemean_opset11_attribute', 'ReduceMean', [('x', x)], [('y', x.mean(axis=(0, 2)))],
              {'axes': [0, -1], 'keepdims': 0}, opset=11)
    node_case(out, 'extra_reducesum_opset11_attribute', 'ReduceSum', [('x', x)], [('y', x.sum(axis=1, keepdims=True))],
              {'axes': [1]}, opset=11)
    node_case(out, 'extra_reducesum_noop_empty_axes', 'ReduceSum', [('x', x)], [('y', x)], {'noop_with_empty_axes': 1})
    node_case(out, 'extra_reducemax_all_keepdims', 'ReduceMax', [('x', x)], [('y', x.max(keepdims=True))])
    node_case(out, 'extra_cumsum_float_reverse_exclusive', 'CumSum', [('x', x)],
              [('y', np.flip(np.cumsum(np.flip(x, 2), axis=2), 2) - x)], {'exclusive': 1, 'reverse': 1}, opset=14,
              initializers=[('axis', np.array(-1, np.int64))])
    large = (rng.standard_normal((3, 4)) * 50 + 200).astype(np.float32)
    expected = (np.log(np.exp(large.astype(np.float64) - 300).sum(axis=1)) + 300).astype(np.float32)
    node_case(out, 'extra_reducelogsumexp_large_values', 'ReduceLogSumExp', [('x', large)], [('y', expected)],
              {'axes': [1], 'keepdims': 0})


def frozen_cases(out, suite):
    """Suite cases with every graph input but the first (all for Range, ConstantOfShape) as initializers."""
    for folder in sorted(p for p in suite.iterdir() if FROZEN.search(p.name) and not p.name.endswith('_expanded')
                         and p.name not in ZERO_ELEMENTS):
        model = onnx.load(str(folder / 'model.onnx'))
        tensors = []
        for index in range(len(model.graph.input)):
            tensor = onnx.TensorProto()
            tensor.ParseFromString((folder / 'test_data_set_0' / f'input_{index}.pb').read_bytes())
            tensors.append(tensor)
        keep = 0 if model.graph.node[0].op_type in FREEZE_ALL else 1
        for info, tensor in zip(list(model.graph.input)[keep:], tensors[keep:]):
            tensor.name = info.name
            model.graph.initializer.append(tensor)
        del model.graph.input[keep:]
        outputs = []
        for path in sorted((folder / 'test_data_set_0').glob('output_*.pb')):
            tensor = onnx.TensorProto()
            tensor.ParseFromString(path.read_bytes())
            outputs.append(tensor)
        write_case(out / ('frozen_' + folder.name), model, tensors[:keep], outputs)


def main():
    parser = argparse.ArgumentParser(description='Writes ONNX lowering cases in the conformance-suite layout.')
    parser.add_argument('out', type=pathlib.Path)
    parser.add_argument('--suite', type=pathlib.Path, default=pathlib.Path('/usr/share/libonnx-testdata/data/node'))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(7)
    for make in (softmax_cases, shape_cases, elementwise_cases, activation_cases, reduce_cases):
        make(args.out, rng)
    if args.suite.is_dir():
        frozen_cases(args.out, args.suite)


if __name__ == '__main__':
    main()
