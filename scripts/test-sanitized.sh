#!/usr/bin/env bash
# The suite's unit, golden and CLI tests in an AddressSanitizer + UndefinedBehaviorSanitizer
# build (-DDM_SANITIZE=ON) of its own folder (default build-asan/ beside build/). No GUI
# part (its tests stay in the normal run) and no benchmarks: what runs is the engine, the
# readers (the isolated reader helper too), the writers and the CLI. A sanitizer report
# fails the test that triggered it. Extra arguments go to ctest.
#   scripts/test-sanitized.sh            build + run
#   BUILD_DIR=... CMAKE_ARGS=...         another folder / extra configure flags
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build-asan}
BUILD_DIR=$build CMAKE_ARGS="-DDM_SANITIZE=ON -DDM_BUILD_GUI=OFF -DDM_BUILD_BENCH=OFF ${CMAKE_ARGS:-}" \
    bash "$root/scripts/build.sh"
export DM_SHARED_DIR=${DM_SHARED_DIR:-$root/../shared}
# Leak checking is off: LibTorch and OpenMP keep their thread pools and caches alive until
# exit by design. Everything else stops at the first report.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
cd "$build"
ctest --output-on-failure --parallel 2 -L 'unit|golden|cli' "$@"
