#!/usr/bin/env bash
# The suite under AddressSanitizer + UndefinedBehaviorSanitizer.
#   scripts/test-sanitized.sh            the data code (CI runs this): the readers, the
#                                        isolated reader's stream, the JSON readers and the
#                                        de-novo input, built with clang by
#                                        tests/fuzz/build-fuzzers.sh (no LibTorch) into
#                                        build-fuzz/, then every fuzz corpus and regression
#                                        input replayed once (tests/fuzz/replay-sanitized.sh).
#                                        About 2 minutes cold on 2 cores.
#   scripts/test-sanitized.sh all        also the whole engine: a -DDM_SANITIZE=ON build
#                                        (build-asan/; no GUI, no benchmarks) and its unit,
#                                        golden and CLI tests. LibTorch's headers make this
#                                        cold build take over an hour on 2 cores, so CI does
#                                        not run it (docs/reliability.md).
#   BUILD_DIR=... CMAKE_ARGS=...         another folder / extra configure flags for `all`
# Extra arguments after `all` go to ctest. A sanitizer report fails the step.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/install-deps.sh" --fuzz
bash "$root/tests/fuzz/build-fuzzers.sh" "$root/build-fuzz"
bash "$root/tests/fuzz/replay-sanitized.sh" "$root/build-fuzz"
[[ "${1:-}" == all ]] || exit 0
shift
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
