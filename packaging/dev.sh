#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The README's two commands: `packaging/dev.sh run` and `packaging/dev.sh test`. Both install the
# Debian packages that are missing (quietly, only when something is missing), configure and build
# incrementally into build/, then start the workbench on the bundled sample model or run every test.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${LF_BUILD_DIR:-$root/build}
jobs=$(nproc)

packages=(
  build-essential cmake ninja-build pkg-config file
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-svg-dev libgl-dev libqcustomplot-dev
  libflatbuffers-dev flatbuffers-compiler libprotobuf-dev protobuf-compiler libonnx-dev libstb-dev zlib1g-dev
  xvfb xauth imagemagick fonts-dejavu-core
)

# Only the tests need these: ONNX's conformance suite, and Debian's PyTorch and ONNX for exporting
# the test models and computing their reference outputs.
test_packages=(libonnx-testdata python3-torch python3-torchvision python3-onnx python3-numpy python3-sklearn)

say() { printf 'dev.sh: %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_missing_packages() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'ok installed' || missing+=("$package")
  done
  # The tests run models in LiteRT.js and onnxruntime-node, which need Node.js 18+ and npm.
  command -v node >/dev/null && command -v npm >/dev/null || missing+=(nodejs npm)
  [ ${#missing[@]} -eq 0 ] && return
  say "installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

build_tree() {
  if [ ! -f "$build/build.ninja" ]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  fi
  cmake --build "$build" -j "$jobs"
}

run_gui() {
  local sample="$root/resources/samples/hello_world_float.tflite"
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    say "no display: starting the workbench under Xvfb (screenshot with: import -display :99 -window root shot.png)"
    exec xvfb-run -a -s "-screen 0 1280x800x24" "$build/bin/liteforge" "$sample" "$@"
  fi
  exec "$build/bin/liteforge" "$sample" "$@"
}

case "${1:-}" in
  run)
    shift
    install_missing_packages "${packages[@]}"
    build_tree
    run_gui "$@"
    ;;
  test)
    shift
    install_missing_packages "${packages[@]}" "${test_packages[@]}"
    build_tree
    exec ctest --test-dir "$build" --output-on-failure -j "$jobs" "$@"
    ;;
  build)
    install_missing_packages "${packages[@]}"
    build_tree
    ;;
  *)
    echo "usage: packaging/dev.sh run|test|build  (run: start LiteForge on a sample model; test: run every test)" >&2
    exit 2
    ;;
esac
