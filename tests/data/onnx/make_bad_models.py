#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Writes malformed or hostile ONNX files for the importer's bad-input test (tst_onnx_bad_input):
#   /usr/bin/python3 make_bad_models.py OUT
# Each file is small and made from a valid two-node model (Conv + Relu) changed in one way.
import pathlib
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def conv_relu(weights=None, domain='', opset=13):
    x = helper.make_tensor_value_info('x', TensorProto.FLOAT, [1, 2, 5, 5])
    y = helper.make_tensor_value_info('y', TensorProto.FLOAT, [1, 3, 5, 5])
    w = weights if weights is not None else numpy_helper.from_array(
        np.random.default_rng(1).standard_normal((3, 2, 3, 3)).astype(np.float32), 'w')
    nodes = [helper.make_node('Conv', ['x', 'w'], ['c'], name='conv', pads=[1, 1, 1, 1]),
             helper.make_node('Relu', ['c'], ['y'], name='relu', domain=domain)]
    graph = helper.make_graph(nodes, 'bad', [x], [y], [w])
    imports = [helper.make_opsetid('', opset)]
    if domain:
        imports.append(helper.make_opsetid(domain, 1))
    return helper.make_model(graph, opset_imports=imports, producer_name='make_bad_models')


def main():
    out = pathlib.Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    valid = conv_relu().SerializeToString()
    (out / 'valid.onnx').write_bytes(valid)
    (out / 'truncated.onnx').write_bytes(valid[: len(valid) // 2])
    (out / 'not_protobuf.onnx').write_bytes(b'\xff\xff\xff\xff this is not a protobuf message' * 4)

    external = numpy_helper.from_array(np.zeros((3, 2, 3, 3), np.float32), 'w')
    external.ClearField('raw_data')
    external.data_location = TensorProto.EXTERNAL
    for key, value in (('location', 'missing_weights.bin'), ('offset', '0'), ('length', '216')):
        entry = external.external_data.add()
        entry.key, entry.value = key, value
    (out / 'missing_external_data.onnx').write_bytes(conv_relu(external).SerializeToString())

    cyclic = conv_relu()
    cyclic.graph.node[0].input[0] = 'y'  # conv reads relu's output, relu reads conv's
    (out / 'cyclic.onnx').write_bytes(cyclic.SerializeToString())

    (out / 'unknown_domain.onnx').write_bytes(conv_relu(domain='com.example.custom').SerializeToString())

    huge = helper.make_tensor('w', TensorProto.FLOAT, [3, 2, 3, 3], np.zeros(54, np.float32))
    del huge.dims[:]
    huge.dims.extend([3, 2, 3, 2**31 + 5])
    (out / 'huge_dims.onnx').write_bytes(conv_relu(huge).SerializeToString())

    unsupported = conv_relu()
    unsupported.graph.node.append(helper.make_node('NonMaxSuppression', ['y'], ['nms'], name='nms'))
    unsupported.graph.node.append(helper.make_node('Loop', [], ['loop'], name='loop'))
    (out / 'unsupported_ops.onnx').write_bytes(unsupported.SerializeToString())


if __name__ == '__main__':
    main()
