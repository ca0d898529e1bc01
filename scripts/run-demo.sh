#!/usr/bin/env bash
# README command 1: install what is missing, build, and run DeepMapper on the built-in
# demo dataset: the desktop application when there is a display, else the CLI demo.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/install-deps.sh"
bash "$root/scripts/build.sh"
build=${BUILD_DIR:-$root/build}
if [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]]; then
  exec "$build/app/gui/deepmapper-studio" --demo "$@"
fi
echo "run-demo: no display; running the command-line demo instead of the desktop app"
exec "$build/app/cli/deepmapper" demo "$@"
