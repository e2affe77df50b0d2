#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Regenerates the recurrent test cases next to this script: small PyTorch LSTM/GRU modules exported
# to ONNX (opset 14) with PyTorch's own outputs as the expected values, in the layout of ONNX's
# conformance suite (<case>/model.onnx, <case>/test_data_set_0/{input,output}_N.pb). They cover
# what the suite's test_lstm_* / test_gru_* cases do not: PyTorch's GRU (linear_before_reset = 1),
# bidirectional and stacked layers, batch_first, initial states, batch > 1.
# Run with Debian's /usr/bin/python3 (torch 1.13, onnx 1.12); the outputs are committed.
import os
import shutil

import onnx
import torch
from onnx import numpy_helper

ROOT = os.path.dirname(os.path.abspath(__file__))


class Recurrent(torch.nn.Module):
    """Returns every output of an nn.LSTM / nn.GRU: Y, then Y_h (and Y_c)."""

    def __init__(self, cell):
        super().__init__()
        self.cell = cell

    def forward(self, x, *state):
        if len(state) == 2:
            state = (tuple(state),)
        y, last = self.cell(x, *state)
        return (y,) + last if isinstance(last, tuple) else (y, last)


def write_tensor(path, name, value):
    with open(path, 'wb') as f:
        f.write(numpy_helper.from_array(value.numpy(), name).SerializeToString())


def constants_to_initializers(path):
    """Keeps the cases about the recurrent lowering: Constant nodes become initializers."""
    model = onnx.load(path)
    for node in list(model.graph.node):
        if node.op_type == 'Constant':
            tensor = onnx.helper.get_attribute_value(node.attribute[0])
            tensor.name = node.output[0]
            model.graph.initializer.append(tensor)
            model.graph.node.remove(node)
    onnx.save(model, path)


def export_case(name, cell, *inputs):
    folder = os.path.join(ROOT, name)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(os.path.join(folder, 'test_data_set_0'))
    module = Recurrent(cell).eval()
    with torch.no_grad():
        outputs = module(*inputs)
    input_names = ['input%d' % i for i in range(len(inputs))]
    output_names = ['output%d' % i for i in range(len(outputs))]
    model_path = os.path.join(folder, 'model.onnx')
    torch.onnx.export(module, tuple(inputs), model_path, input_names=input_names, output_names=output_names,
                      opset_version=14)
    constants_to_initializers(model_path)
    for i, (tensor_name, value) in enumerate(zip(input_names, inputs)):
        write_tensor(os.path.join(folder, 'test_data_set_0', 'input_%d.pb' % i), tensor_name, value)
    for i, (tensor_name, value) in enumerate(zip(output_names, outputs)):
        write_tensor(os.path.join(folder, 'test_data_set_0', 'output_%d.pb' % i), tensor_name, value)


def main():
    torch.manual_seed(0)
    sequence = torch.randn(5, 3, 4)
    export_case('lstm_bidirectional', torch.nn.LSTM(4, 6, bidirectional=True), sequence)
    export_case('lstm_two_layers', torch.nn.LSTM(4, 6, num_layers=2), sequence)
    export_case('lstm_batch_first', torch.nn.LSTM(4, 6, batch_first=True), torch.randn(2, 7, 4))
    export_case('lstm_initial_state', torch.nn.LSTM(4, 3), sequence, torch.randn(1, 3, 3), torch.randn(1, 3, 3))
    export_case('gru_forward', torch.nn.GRU(4, 5), sequence)
    export_case('gru_bidirectional', torch.nn.GRU(4, 6, bidirectional=True), sequence)
    export_case('gru_batch_first_initial_state', torch.nn.GRU(4, 5, batch_first=True), torch.randn(3, 6, 4),
                torch.randn(1, 3, 5))


if __name__ == '__main__':
    main()
