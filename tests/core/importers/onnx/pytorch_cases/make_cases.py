#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Regenerates the test cases next to this script: small PyTorch modules exported to ONNX (opset 14)
# with PyTorch's own outputs as the expected values, in the layout of ONNX's conformance suite
# (<case>/model.onnx, <case>/test_data_set_0/{input,output}_N.pb). They cover what the suite does
# not: PyTorch's GRU (linear_before_reset = 1), bidirectional and stacked LSTM/GRU, batch_first,
# initial states; grouped, depthwise and 1-D convolutions, grouped/dilated transposed ones; pools
# whose ceil_mode adds a partial window, with and without count_include_pad.
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


def export_case(name, module, *inputs):
    folder = os.path.join(ROOT, name)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(os.path.join(folder, 'test_data_set_0'))
    module = module.eval()
    with torch.no_grad():
        outputs = module(*inputs)
    if not isinstance(outputs, tuple):
        outputs = (outputs,)
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


def recurrent_cases():
    sequence = torch.randn(5, 3, 4)
    export_case('lstm_bidirectional', Recurrent(torch.nn.LSTM(4, 6, bidirectional=True)), sequence)
    export_case('lstm_two_layers', Recurrent(torch.nn.LSTM(4, 6, num_layers=2)), sequence)
    export_case('lstm_batch_first', Recurrent(torch.nn.LSTM(4, 6, batch_first=True)), torch.randn(2, 7, 4))
    export_case('lstm_initial_state', Recurrent(torch.nn.LSTM(4, 3)), sequence, torch.randn(1, 3, 3), torch.randn(1, 3, 3))
    export_case('gru_forward', Recurrent(torch.nn.GRU(4, 5)), sequence)
    export_case('gru_bidirectional', Recurrent(torch.nn.GRU(4, 6, bidirectional=True)), sequence)
    export_case('gru_batch_first_initial_state', Recurrent(torch.nn.GRU(4, 5, batch_first=True)), torch.randn(3, 6, 4),
                torch.randn(1, 3, 5))


def convolution_cases():
    image = torch.randn(1, 8, 9, 11)
    nn = torch.nn
    export_case('conv_depthwise', nn.Conv2d(8, 8, 3, padding=1, groups=8), image)
    export_case('conv_depthwise_multiplier', nn.Conv2d(8, 16, 3, stride=2, padding=1, groups=8), image)
    export_case('conv_groups_dilated', nn.Conv2d(8, 12, 3, padding=(1, 2), groups=4, dilation=(1, 2)), image)
    export_case('conv_1d_groups', nn.Conv1d(8, 4, 3, stride=2, padding=1, groups=2), torch.randn(2, 8, 20))
    export_case('conv_bn_relu', nn.Sequential(nn.Conv2d(8, 6, 3, padding=1), nn.BatchNorm2d(6), nn.ReLU()), image)
    export_case('conv_transpose_output_padding', nn.ConvTranspose2d(8, 4, 3, stride=2, padding=1, output_padding=1), image)
    export_case('conv_transpose_groups', nn.ConvTranspose2d(8, 4, 4, stride=2, padding=1, groups=2), image)
    export_case('conv_transpose_depthwise_dilated',
                nn.ConvTranspose2d(8, 8, 3, stride=2, padding=1, output_padding=1, groups=8, dilation=2), image)
    export_case('conv_transpose_1d', nn.ConvTranspose1d(8, 4, 4, stride=2, padding=1), torch.randn(1, 8, 10))


def pooling_cases():
    image = torch.randn(1, 3, 10, 10)
    nn = torch.nn
    export_case('avgpool_ceil_count_pads', nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True, count_include_pad=True), image)
    export_case('avgpool_ceil_skip_pads', nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True, count_include_pad=False), image)
    export_case('avgpool_asymmetric_count_pads', nn.AvgPool2d((3, 5), stride=(1, 2), padding=(1, 2)), image)
    export_case('maxpool_ceil', nn.MaxPool2d(3, stride=2, ceil_mode=True), torch.randn(1, 3, 10, 8))
    export_case('maxpool_1d', nn.MaxPool1d(3, stride=2, padding=1), torch.randn(2, 4, 15))


def rnn_cases():
    # nn.RNN exports its activation as a STRINGS attribute (Tanh or Relu).
    sequence = torch.randn(5, 2, 4)
    export_case('rnn_tanh', Recurrent(torch.nn.RNN(4, 6)), sequence)
    export_case('rnn_relu_bidirectional', Recurrent(torch.nn.RNN(4, 6, nonlinearity='relu', bidirectional=True)), sequence)


def main():
    torch.manual_seed(0)
    recurrent_cases()
    convolution_cases()
    pooling_cases()
    rnn_cases()


if __name__ == '__main__':
    main()
