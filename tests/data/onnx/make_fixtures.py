#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Exports the ONNX test networks of tst_onnx_models with Debian's PyTorch (python3-torch 1.13,
# python3-torchvision 0.14, python3-onnx 1.12): for each model NAME it writes OUT/NAME.onnx (opset 13,
# constant folding on), OUT/NAME.input.npy (the fixed input, NCHW as the model takes it) and
# OUT/NAME.output.npy (PyTorch's own eval-mode output; OUT/NAME.output_K.npy when there are several).
#
#   /usr/bin/python3 make_fixtures.py OUT [--only NAME ...] [--force]
#
# Weights are random (seeded per model; no download): BatchNorm running statistics and affine
# parameters are randomized too, so that folding BatchNorm into convolutions changes the numbers.
# Everything is deterministic. OUT/fixtures.stamp records the script's hash and the PyTorch version;
# a second run with the same ones (and every model present) does nothing.

import argparse
import hashlib
import io
import pathlib
import sys

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

OPSET = 13


def randomize_batchnorm(model, generator):
    """Gives every BatchNorm layer non-trivial running statistics and affine parameters."""
    for module in model.modules():
        if isinstance(module, nn.modules.batchnorm._BatchNorm):
            count = module.num_features
            with torch.no_grad():
                module.running_mean.copy_(torch.rand(count, generator=generator) * 0.4 - 0.2)
                module.running_var.copy_(torch.rand(count, generator=generator) + 0.5)
                module.weight.copy_(torch.rand(count, generator=generator) + 0.5)
                module.bias.copy_(torch.rand(count, generator=generator) * 0.4 - 0.2)
    return model


# ---- small networks ----

class MnistCnn(nn.Module):
    """conv-relu-pool twice, flatten (NCHW order), fully connected."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 3, padding=1)
        self.conv2 = nn.Conv2d(8, 16, 3, padding=1)
        self.fc = nn.Linear(16 * 7 * 7, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc(torch.flatten(x, 1))


def conv_bn_relu(inputs, outputs, kernel=3, stride=1, padding=1, groups=1):
    return nn.Sequential(nn.Conv2d(inputs, outputs, kernel, stride, padding, groups=groups, bias=False),
                         nn.BatchNorm2d(outputs), nn.ReLU())


class SmallUNet(nn.Module):
    """Two down steps (MaxPool), a transposed-conv up step, a nearest and a bilinear up step, and skip
    connections concatenated on channels."""

    def __init__(self):
        super().__init__()
        self.enc1 = conv_bn_relu(3, 8)
        self.enc2 = conv_bn_relu(8, 16)
        self.enc3 = conv_bn_relu(16, 32)
        self.up3 = nn.ConvTranspose2d(32, 16, 2, stride=2)
        self.dec2 = conv_bn_relu(32, 16)
        self.dec1 = conv_bn_relu(16 + 8, 8)
        self.bottom = nn.Sequential(nn.Conv2d(32, 8, 1), nn.ReLU())
        self.head = nn.Conv2d(8 + 8, 2, 1)

    def forward(self, x):
        e1 = self.enc1(x)                       # 64x64
        e2 = self.enc2(F.max_pool2d(e1, 2))     # 32x32
        e3 = self.enc3(F.max_pool2d(e2, 2))     # 16x16
        d2 = self.dec2(torch.cat([self.up3(e3), e2], dim=1))             # 32x32
        d1 = self.dec1(torch.cat([F.interpolate(d2, scale_factor=2, mode='nearest'), e1], dim=1))
        side = F.interpolate(self.bottom(e3), scale_factor=4, mode='bilinear', align_corners=False)
        return self.head(torch.cat([d1, side], dim=1))


class DsCnn(nn.Module):
    """Keyword spotting DS-CNN (Zhang et al., "Hello Edge"): a 10x4 conv over the 49x10 MFCC map, four
    depthwise-separable blocks, average pooling over the whole map, 12 classes."""

    def __init__(self, channels=64, blocks=4, classes=12):
        super().__init__()
        self.stem = conv_bn_relu(1, channels, kernel=(10, 4), stride=2, padding=(5, 1))
        self.blocks = nn.Sequential(*[
            nn.Sequential(conv_bn_relu(channels, channels, groups=channels),
                          conv_bn_relu(channels, channels, kernel=1, padding=0))
            for _ in range(blocks)])
        self.pool = nn.AvgPool2d((25, 5))
        self.fc = nn.Linear(channels, classes)

    def forward(self, x):
        x = self.pool(self.blocks(self.stem(x)))
        return self.fc(torch.flatten(x, 1))


class Conv1dNet(nn.Module):
    """Conv1d/BatchNorm1d/ReLU/MaxPool1d twice, global average pooling, fully connected."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv1d(8, 16, 5, padding=2), nn.BatchNorm1d(16), nn.ReLU(), nn.MaxPool1d(2),
            nn.Conv1d(16, 32, 3, padding=1), nn.BatchNorm1d(32), nn.ReLU(), nn.MaxPool1d(2),
            nn.AdaptiveAvgPool1d(1))
        self.fc = nn.Linear(32, 6)

    def forward(self, x):
        return self.fc(torch.flatten(self.features(x), 1))


class RecurrentHead(nn.Module):
    """A batch-first GRU or LSTM over the sequence; the last layer's final hidden state goes through
    a fully connected layer."""

    def __init__(self, kind, layers):
        super().__init__()
        self.kind = kind
        self.rnn = getattr(nn, kind)(16, 32, num_layers=layers, batch_first=True)
        self.fc = nn.Linear(32, 5)

    def forward(self, x):
        _, state = self.rnn(x)
        hidden = state[0] if self.kind == 'LSTM' else state
        return self.fc(hidden[-1])


# ---- the fixtures ----

def torchvision_model(name):
    return lambda: getattr(torchvision.models, name)(weights=None)


def image_input(generator, shape):
    return torch.randn(*shape, generator=generator)


def kws_input(generator, shape):
    """An MFCC-like map: smooth over time, larger in the low coefficients."""
    frames, coefficients = shape[2], shape[3]
    time = torch.linspace(0, 6.28, frames).unsqueeze(1)
    scale = torch.linspace(3.0, 0.5, coefficients).unsqueeze(0)
    return (torch.sin(time * torch.arange(1, coefficients + 1)) * scale
            + 0.3 * torch.randn(*shape, generator=generator)).reshape(shape)


# name: (factory, input shape, input maker)
FIXTURES = {
    'mobilenet_v2': (torchvision_model('mobilenet_v2'), (1, 3, 224, 224), image_input),
    'resnet18': (torchvision_model('resnet18'), (1, 3, 224, 224), image_input),
    'squeezenet1_1': (torchvision_model('squeezenet1_1'), (1, 3, 224, 224), image_input),
    'shufflenet_v2_x0_5': (torchvision_model('shufflenet_v2_x0_5'), (1, 3, 224, 224), image_input),
    'mnist_cnn': (MnistCnn, (1, 1, 28, 28), image_input),
    'unet_small': (SmallUNet, (1, 3, 64, 64), image_input),
    'ds_cnn_kws': (DsCnn, (1, 1, 49, 10), kws_input),
    'conv1d_net': (Conv1dNet, (1, 8, 128), image_input),
    'gru': (lambda: RecurrentHead('GRU', 1), (1, 20, 16), image_input),
    'lstm': (lambda: RecurrentHead('LSTM', 2), (1, 20, 16), image_input),
}


def seed_of(name):
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:4], 'little')


def export(name, out):
    factory, shape, make_input = FIXTURES[name]
    seed = seed_of(name)
    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed)
    model = randomize_batchnorm(factory(), generator).eval()
    example = make_input(generator, shape).float().contiguous()
    with torch.no_grad():
        result = model(example)
    outputs = list(result) if isinstance(result, (tuple, list)) else [result]
    output_names = ['output'] if len(outputs) == 1 else [f'output_{i}' for i in range(len(outputs))]

    buffer = io.BytesIO()
    torch.onnx.export(model, example, buffer, opset_version=OPSET, do_constant_folding=True,
                      input_names=['input'], output_names=output_names)
    proto = onnx.load_model_from_string(buffer.getvalue())
    onnx.checker.check_model(proto)
    (out / f'{name}.onnx').write_bytes(buffer.getvalue())
    np.save(out / f'{name}.input.npy', example.numpy().astype(np.float32))
    for output_name, output in zip(output_names, outputs):
        values = output.numpy().astype(np.float32)
        if not np.all(np.isfinite(values)) or float(values.std()) < 1e-3 * float(np.abs(values).max() + 1e-30):
            sys.exit(f'make_fixtures: {name}: output {output_name} is degenerate (std {values.std():.3g})')
        np.save(out / f'{name}.{output_name}.npy', values)

    ops = [node.op_type for node in proto.graph.node]
    counts = ', '.join(f'{op} {ops.count(op)}' for op in sorted(set(ops)))
    stds = ', '.join(f'{o.numpy().std():.3g}' for o in outputs)
    print(f'{name}: {list(shape)} -> {[list(o.shape) for o in outputs]}, output std {stds}; {counts}')


def stamp_text():
    script = pathlib.Path(__file__).read_bytes()
    return f'{hashlib.sha256(script).hexdigest()} torch {torch.__version__}\n'


def main():
    parser = argparse.ArgumentParser(description='Exports the ONNX test fixtures.')
    parser.add_argument('out', type=pathlib.Path)
    parser.add_argument('--only', nargs='+', choices=sorted(FIXTURES), help='export only these models')
    parser.add_argument('--force', action='store_true', help='export even when the stamp is current')
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = args.out / 'fixtures.stamp'
    complete = all((args.out / f'{name}.onnx').exists() for name in FIXTURES)
    if not args.only and not args.force and complete and stamp.exists() and stamp.read_text() == stamp_text():
        print(f'make_fixtures: {args.out} is up to date')
        return
    torch.set_num_threads(1)
    for name in args.only or FIXTURES:
        export(name, args.out)
    if not args.only:
        stamp.write_text(stamp_text())


if __name__ == '__main__':
    main()
