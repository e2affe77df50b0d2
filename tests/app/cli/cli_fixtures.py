# SPDX-License-Identifier: GPL-3.0-or-later
# Fixtures for tst_cli_convert, made with /usr/bin/python3 (PyTorch, ONNX, NumPy):
#   - small PyTorch nets as TorchScript (torch.jit.trace) and as a state dict with its class in
#     netmod.py, each with an input <name>_x.npy and PyTorch's output <name>_y.npy;
#   - onnx_ops.json: node count, op counts and node names by op type of every corpus .onnx, as the
#     onnx package reads them;
#   - mnist_input.npy / mnist_output.npy from mnist8_cntk's test_data_set_0 (ONNX's reference).
#
#   python3 cli_fixtures.py OUT_DIR CORPUS_ONNX_DIR
import collections
import json
import os
import sys

import numpy as np
import onnx
import torch
from onnx import numpy_helper

NETMOD = '''import torch


class ConvNet(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 6, 3, padding=1)
        self.bn = torch.nn.BatchNorm2d(6)
        self.head = torch.nn.Conv2d(6, 4, 1)

    def forward(self, x):
        return self.head(torch.relu(self.bn(self.conv(x))))
'''


class PoolLinear(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 8, 3, stride=2, padding=1)
        self.bn = torch.nn.BatchNorm2d(8)
        self.pool = torch.nn.MaxPool2d(2)
        self.fc = torch.nn.Linear(8 * 4 * 4, 5)

    def forward(self, x):
        y = self.pool(torch.relu(self.bn(self.conv(x))))
        return self.fc(torch.flatten(y, 1))


def randomize_batch_norms(net):
    for module in net.modules():
        if isinstance(module, torch.nn.BatchNorm2d):
            module.running_mean.uniform_(-0.5, 0.5)
            module.running_var.uniform_(0.5, 2.0)
            module.weight.data.uniform_(0.5, 1.5)
            module.bias.data.uniform_(-0.5, 0.5)


def save_case(out, name, net, shape):
    net.eval()
    randomize_batch_norms(net)
    x = torch.rand(shape) * 2 - 1
    with torch.no_grad():
        y = net(x)
    np.save(os.path.join(out, name + "_x.npy"), x.numpy())
    np.save(os.path.join(out, name + "_y.npy"), y.numpy())
    return x


def torch_fixtures(out):
    torch.manual_seed(1234)
    conv_relu = torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3, padding=1), torch.nn.ReLU(),
                                    torch.nn.Conv2d(4, 2, 1))
    x = save_case(out, "conv_relu", conv_relu, (1, 3, 8, 8))
    torch.jit.trace(conv_relu, x).save(os.path.join(out, "conv_relu.pt"))

    pool_linear = PoolLinear()
    x = save_case(out, "pool_linear", pool_linear, (1, 3, 16, 16))
    torch.jit.trace(pool_linear, x).save(os.path.join(out, "pool_linear.pt"))

    with open(os.path.join(out, "netmod.py"), "w") as file:
        file.write(NETMOD)
    sys.path.insert(0, out)
    import netmod
    state_dict_net = netmod.ConvNet()
    save_case(out, "state_dict", state_dict_net, (1, 3, 8, 8))
    torch.save(state_dict_net.state_dict(), os.path.join(out, "state_dict.pth"))


def onnx_summaries(out, corpus):
    summaries = {}
    for folder, _, files in os.walk(corpus):
        for name in files:
            if not name.endswith(".onnx"):
                continue
            path = os.path.join(folder, name)
            graph = onnx.load(path, load_external_data=False).graph
            by_op = collections.defaultdict(list)
            for node in graph.node:
                by_op[node.op_type].append(node.name)
            summaries[os.path.relpath(path, corpus)] = {
                "node_count": len(graph.node),
                "op_counts": {op: len(names) for op, names in by_op.items()},
                "nodes_by_op": by_op,
            }
    with open(os.path.join(out, "onnx_ops.json"), "w") as file:
        json.dump(summaries, file)


def mnist_reference(out, corpus):
    folder = os.path.join(corpus, "mnist8_cntk", "test_data_set_0")
    for pb, npy in (("input_0.pb", "mnist_input.npy"), ("output_0.pb", "mnist_output.npy")):
        tensor = onnx.TensorProto()
        with open(os.path.join(folder, pb), "rb") as file:
            tensor.ParseFromString(file.read())
        np.save(os.path.join(out, npy), numpy_helper.to_array(tensor))


def main():
    out, corpus = sys.argv[1], sys.argv[2]
    torch_fixtures(out)
    onnx_summaries(out, corpus)
    mnist_reference(out, corpus)


if __name__ == "__main__":
    main()
