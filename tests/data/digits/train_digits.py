#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Trains the small CNN of the quantization acceptance test on scikit-learn's 8x8 digits (Debian's
# python3-sklearn ships the data; no download) with Debian's PyTorch, and writes into OUT:
#   digits_cnn.onnx          the trained network (opset 13), input 'image' [1,1,8,8], output 'logits' [1,10]
#   test_images.npy          the test split, float32 [N,1,8,8] (pixels / 16, in [0, 1])
#   test_labels.npy          its labels, int64 [N]
#   calibration/NNN.npy      the first 100 images of the TRAIN split, one float32 [1,1,8,8] file each
#   accuracy.txt             PyTorch's own test accuracy
#
#   /usr/bin/python3 train_digits.py OUT [--force]
#
# Deterministic (fixed split and seeds, one thread), a few seconds of CPU. OUT/digits.stamp records the
# script's hash and the PyTorch version; a second run with the same ones does nothing.

import argparse
import hashlib
import pathlib
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

OPSET = 13
CALIBRATION_SAMPLES = 100
EPOCHS = 40


class DigitsCnn(nn.Module):
    """Two 3x3 convolutions with BatchNorm and ReLU, a max pool, two fully connected layers."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(16)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.bn2 = nn.BatchNorm2d(32)
        self.fc1 = nn.Linear(32 * 4 * 4, 64)
        self.fc2 = nn.Linear(64, 10)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = F.max_pool2d(F.relu(self.bn2(self.conv2(x))), 2)
        return self.fc2(F.relu(self.fc1(torch.flatten(x, 1))))


def load_split():
    digits = load_digits()
    images = (digits.images / 16.0).astype(np.float32)[:, None, :, :]
    labels = digits.target.astype(np.int64)
    return train_test_split(images, labels, test_size=0.3, random_state=0, stratify=labels)


def train(images, labels):
    torch.manual_seed(0)
    model = DigitsCnn()
    optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)
    x = torch.from_numpy(images)
    y = torch.from_numpy(labels)
    generator = torch.Generator().manual_seed(0)
    for _ in range(EPOCHS):
        model.train()
        for batch in torch.randperm(len(x), generator=generator).split(64):
            optimizer.zero_grad()
            F.cross_entropy(model(x[batch]), y[batch]).backward()
            optimizer.step()
    return model.eval()


def accuracy(model, images, labels):
    with torch.no_grad():
        predicted = model(torch.from_numpy(images)).argmax(1).numpy()
    return float((predicted == labels).mean())


def stamp_text():
    script = hashlib.sha256(pathlib.Path(__file__).read_bytes()).hexdigest()
    return f'{script} torch {torch.__version__}\n'


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('out', type=pathlib.Path)
    parser.add_argument('--force', action='store_true', help='train even when the stamp is current')
    args = parser.parse_args()
    stamp = args.out / 'digits.stamp'
    if not args.force and stamp.exists() and stamp.read_text() == stamp_text():
        return 0
    torch.set_num_threads(1)
    train_images, test_images, train_labels, test_labels = load_split()
    model = train(train_images, train_labels)

    args.out.mkdir(parents=True, exist_ok=True)
    torch.onnx.export(model, torch.from_numpy(test_images[:1]), str(args.out / 'digits_cnn.onnx'),
                      opset_version=OPSET, input_names=['image'], output_names=['logits'],
                      do_constant_folding=True)
    np.save(args.out / 'test_images.npy', test_images)
    np.save(args.out / 'test_labels.npy', test_labels)
    calibration = args.out / 'calibration'
    calibration.mkdir(exist_ok=True)
    for old in calibration.glob('*.npy'):
        old.unlink()
    for i in range(CALIBRATION_SAMPLES):
        np.save(calibration / f'{i:03d}.npy', train_images[i:i + 1])
    test_accuracy = accuracy(model, test_images, test_labels)
    (args.out / 'accuracy.txt').write_text(f'{test_accuracy:.6f}\n')
    print(f'digits CNN: {len(train_labels)} training images, test accuracy {test_accuracy:.4f} '
          f'on {len(test_labels)}', file=sys.stderr)
    stamp.write_text(stamp_text())
    return 0


if __name__ == '__main__':
    sys.exit(main())
