#!/usr/bin/env bash
# Configures (once) and builds DeepMapper Studio in build/ (Release, Ninja, ccache).
#   BUILD_DIR=...   another build folder
#   CMAKE_ARGS=...  extra configure flags, e.g. "-DDM_SANITIZE=ON"
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
if [[ ! -f "$build/build.ninja" ]]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release ${CMAKE_ARGS:-}
fi
cmake --build "$build" --parallel "$(nproc)" "$@"
