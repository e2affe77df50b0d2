# SPDX-License-Identifier: GPL-3.0-or-later
# Exports a PyTorch model to ONNX for `liteforge-cli convert model.pt`. liteforge-cli embeds this
# script at build time and runs it with the user's Python; the conversion then continues natively
# on the .onnx written here.
#
#   python3 torch_export.py MODEL OUT.onnx --input NAME=D,D,... [--input ...] [--module module:Class]
#                           [--module-path DIR]
#
# MODEL is a TorchScript file (torch.jit.save), a whole module saved with torch.save (its class must
# be importable), or with --module a state dict for that class, constructed without arguments.
# Modules are imported from DIR (default: the current folder).
# Exit codes: 0 exported, 3 PyTorch cannot be imported, 4 the model cannot be loaded, 5 the export
# failed; the last line of the output then says why.
import argparse
import importlib
import os
import sys
import warnings

EXIT_NO_TORCH = 3
EXIT_LOAD_FAILED = 4
EXIT_EXPORT_FAILED = 5
OPSET = 13


def parse_input(text):
    name, _, dims = text.rpartition("=")
    return name, [int(extent) for extent in dims.split(",")]


def report(error):
    print(f"{type(error).__name__}: {error}".strip(), file=sys.stderr)


def load_model(torch, path, module_spec, module_path):
    sys.path.insert(0, module_path or os.getcwd())
    if module_spec:
        module_name, _, class_name = module_spec.partition(":")
        model = getattr(importlib.import_module(module_name), class_name)()
        state = torch.load(path, map_location="cpu")
        model.load_state_dict(state.state_dict() if isinstance(state, torch.nn.Module) else state)
        return model
    try:
        return torch.jit.load(path, map_location="cpu")
    except RuntimeError:
        loaded = torch.load(path, map_location="cpu")
    if not isinstance(loaded, torch.nn.Module):
        raise ValueError("neither TorchScript nor a saved torch.nn.Module; for a state dict give "
                         "the model class with --torch-module module:Class")
    return loaded


def flatten(value):
    if isinstance(value, (list, tuple)):
        return [item for element in value for item in flatten(element)]
    if isinstance(value, dict):
        return [item for element in value.values() for item in flatten(element)]
    return [value]


def export(torch, model, inputs, output):
    names = [name for name, _ in inputs]
    generator = torch.Generator().manual_seed(0)
    example = tuple(torch.rand(dims, generator=generator) for _, dims in inputs)
    with torch.no_grad():
        count = len(flatten(model(*example)))
    output_names = ["output"] if count == 1 else [f"output_{i}" for i in range(count)]
    torch.onnx.export(model, example, output, opset_version=OPSET, input_names=names,
                      output_names=output_names, do_constant_folding=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model")
    parser.add_argument("output")
    parser.add_argument("--input", action="append", type=parse_input, required=True)
    parser.add_argument("--module")
    parser.add_argument("--module-path")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    try:
        import torch
    except Exception as error:  # ImportError, or a broken installation
        report(error)
        return EXIT_NO_TORCH
    try:
        model = load_model(torch, args.model, args.module, args.module_path)
        model.eval()
    except Exception as error:
        report(error)
        return EXIT_LOAD_FAILED
    try:
        export(torch, model, args.input, args.output)
    except Exception as error:
        report(error)
        return EXIT_EXPORT_FAILED
    return 0


if __name__ == "__main__":
    sys.exit(main())
