#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Writes a float MobileNetV2 (224x224, 1000 classes) as ONNX (opset 13) with torchvision's
# architecture and seeded random weights (no download), for timing onnxruntime on the network the
# interpreter's speed target names. Needs Debian's python3-torch and python3-torchvision.
#
#   /usr/bin/python3 make_mobilenet_v2.py OUT.onnx

import argparse

import torch
import torchvision


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('onnx')
    args = parser.parse_args()
    torch.manual_seed(20240611)
    model = torchvision.models.mobilenet_v2(weights=None).eval()
    example = torch.rand(1, 3, 224, 224)
    torch.onnx.export(model, example, args.onnx, opset_version=13, input_names=['input'],
                      output_names=['logits'])
    print(f'wrote {args.onnx}')


if __name__ == '__main__':
    main()
