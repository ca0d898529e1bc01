#!/usr/bin/env bash
# The suite under AddressSanitizer + UndefinedBehaviorSanitizer. CI (.ci/run) runs `all`
# (DM_CI_SANITIZE=data or off there for less).
#   scripts/test-sanitized.sh all        both steps below
#   scripts/test-sanitized.sh data       step 1 only: the data code (the readers, the
#                                        isolated reader's stream, the JSON readers and the
#                                        de-novo input), built with clang by
#                                        tests/fuzz/build-fuzzers.sh (no LibTorch) into
#                                        build-fuzz/, then every fuzz corpus and regression
#                                        input replayed once (tests/fuzz/replay-sanitized.sh).
#                                        About 2 minutes cold on 2 cores.
#   (no argument)                        the same as `data`
#   step 2 of `all`: the whole engine, a -DDM_SANITIZE=ON build (build-asan/; no GUI, no
#                                        benchmarks; -O1 and unity builds of dmdata, dmcore
#                                        and the engine, see CMakeLists.txt) and its unit,
#                                        golden and CLI tests. Cold (no ccache): 1,251 s
#                                        to build and 421 s to test on 2 cores under
#                                        load 5-7, 37 CPU-minutes in all
#                                        (docs/reliability.md has the figures).
#   BUILD_DIR=... CMAKE_ARGS=...         another folder / extra configure flags for `all`
# Extra arguments after `all` go to ctest. A sanitizer report fails the step, also one in a
# child process a test started (every report goes to build-asan/sanitizer-reports/ and is
# printed at the end), except the libhdf5 crashes on tests/data/damaged that the isolated
# reader exists to contain.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mode=${1:-data}
bash "$root/scripts/install-deps.sh" --fuzz
bash "$root/tests/fuzz/build-fuzzers.sh" "$root/build-fuzz"
bash "$root/tests/fuzz/replay-sanitized.sh" "$root/build-fuzz"
[[ "$mode" == all ]] || exit 0
shift
build=${BUILD_DIR:-$root/build-asan}
t0=$(date +%s)
BUILD_DIR=$build CMAKE_ARGS="-DDM_SANITIZE=ON -DDM_BUILD_GUI=OFF -DDM_BUILD_BENCH=OFF ${CMAKE_ARGS:-}" \
    bash "$root/scripts/build.sh"
t1=$(date +%s)
echo "test-sanitized: engine build took $((t1 - t0)) s"
export DM_SHARED_DIR=${DM_SHARED_DIR:-$root/../shared}
reports=$build/sanitizer-reports
rm -rf "$reports"
mkdir -p "$reports"
# Leak checking is off: LibTorch and OpenMP keep their thread pools and caches alive until
# exit by design. Everything else stops at the first report, written to $reports.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=0:log_path=$reports/asan:log_exe_name=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:log_path=$reports/ubsan:log_exe_name=1}
status=0
(cd "$build" && ctest --output-on-failure --parallel 2 -L 'unit|golden|cli' "$@") || status=$?
echo "test-sanitized: engine tests took $(( $(date +%s) - t1 )) s"
contained=0
for f in "$reports"/*; do
  [[ -e "$f" ]] || continue
  # The isolated reader meeting a libhdf5 crash (SEGV with libhdf5 on top of the stack):
  # the design under test, not a bug of ours (test_cli_damaged checks the user's message).
  if [[ "$(basename "$f")" == asan.deepmapper-reader.* ]] && grep -q "SEGV on unknown address" "$f" &&
     grep -m1 -E '^ *#0 ' "$f" | grep -q libhdf5; then
    contained=$((contained + 1))
    continue
  fi
  echo "test-sanitized: sanitizer report $f:" >&2
  cat "$f" >&2
  status=1
done
echo "test-sanitized: $contained contained libhdf5 crash(es) in deepmapper-reader; $(ls "$reports" | wc -l) report file(s) in all"
exit $status
