#!/usr/bin/env bash
# Screenshots of DeepMapper Studio for a person to look at: starts the app under Xvfb on
# the built-in demo data, runs a short job, saves a PNG of each tab (and the welcome page
# and run configuration panel) into docs/gui-screenshots/, then quits.
#   BUILD_DIR=...  build folder holding app/gui/deepmapper-studio (default: build/)
#   OUT=...        output folder (default: docs/gui-screenshots)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
out=${OUT:-$root/docs/gui-screenshots}
app="$build/app/gui/deepmapper-studio"
if [[ ! -x "$app" ]]; then
  echo "error: $app not found; build it first: BUILD_DIR=$build bash scripts/build.sh --target deepmapper-studio" >&2
  exit 2
fi
command -v xvfb-run >/dev/null || { echo "error: xvfb-run not found; install the xvfb package" >&2; exit 2; }
mkdir -p "$out"
# A fixed screen size and style so screenshots compare between runs.
xvfb-run -a -s "-screen 0 1400x900x24" env QT_QPA_PLATFORM=xcb QT_STYLE_OVERRIDE=Fusion \
  "$app" --screenshot-run "$out"
# The Markers views (class selector, dot plot, heatmap, overlap, chord test) on the PBMC
# file from ../shared, when it is there.
pbmc="${DM_SHARED_DIR:-$root/../shared}/data/h5ad/pbmc68k_reduced.h5ad"
if [[ -f "$pbmc" ]]; then
  xvfb-run -a -s "-screen 0 1400x900x24" env QT_QPA_PLATFORM=xcb QT_STYLE_OVERRIDE=Fusion \
    DM_SCREENSHOT_DATA="$pbmc" DM_SCREENSHOT_LABEL=bulk_labels DM_SCREENSHOT_MATRIX=raw.X \
    "$app" --screenshot-run "$out"
fi
echo "screenshots in $out:"
ls -1 "$out"/*.png
