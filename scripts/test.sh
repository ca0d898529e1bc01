#!/usr/bin/env bash
# README command 2: install what is missing (test tools included), build, run every test.
# Golden tests find ../shared through DM_SHARED_DIR (default: ../shared beside the
# checkout) and skip, saying so, when it is absent. Extra arguments go to ctest.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/install-deps.sh" --test
bash "$root/scripts/build.sh"
build=${BUILD_DIR:-$root/build}
export DM_SHARED_DIR=${DM_SHARED_DIR:-$root/../shared}
if [[ ! -d "$DM_SHARED_DIR/golden" ]]; then
  echo "test: no shared folder at $DM_SHARED_DIR; golden tests will skip"
fi
cd "$build"
ctest --output-on-failure --parallel 2 "$@"
