#!/usr/bin/env bash
# Builds the libFuzzer harnesses (tests/fuzz/fuzz_*.cpp) with clang and
# -fsanitize=fuzzer,address,undefined over the data code only (core/common, core/data,
# core/denovo and the LibTorch-free JSON readers of core/engine and core/report): no
# CMake configure, no LibTorch, about two minutes on two cores.
#   tests/fuzz/build-fuzzers.sh [OUT_DIR]      (default build-fuzz/ in the checkout)
# Then, for example (at most 2 at once on a shared machine):
#   nice -n 10 build-fuzz/fuzz_tenx_mtx -max_total_time=600 build-fuzz/corpus/tenx_mtx tests/fuzz/corpus/tenx_mtx
# tests/fuzz/run-fuzzers.sh runs them all that way and prints executions and coverage.
# Needs: clang-14 libclang-rt-14-dev (scripts/install-deps.sh --fuzz) and the build deps.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$root/build-fuzz}
CXX=${CXX:-clang++-14}
mkdir -p "$out/obj" "$out/generated/common"
sed -e 's/@PROJECT_VERSION@/0.0.0-fuzz/g' -e 's/@[A-Z_]*@//g' "$root/core/common/build_info.h.in" \
    > "$out/generated/common/build_info.h"
flags=(-std=c++17 -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
       -I"$root/core" -I"$out/generated" -I/usr/include/hdf5/serial -I/usr/include/liblzf -I/usr/include/eigen3
       -DH5_USE_110_API)
sources=("$root"/core/common/*.cpp "$root"/core/data/*.cpp "$root"/core/denovo/*.cpp "$root/tests/fuzz/fuzz_support.cpp")
# The rest of core the harnesses need: the same list test_fuzz_replay compiles.
while read -r line; do
    [[ "$line" == core/* ]] && sources+=("$root/$line")
done <"$root/tests/fuzz/core_sources.txt"
# A header changed since the last build: every object may be stale, rebuild them all.
if [[ -f "$out/obj/.stamp" && -n "$(find "$root/core" "$root/tests/fuzz" -name '*.h' -newer "$out/obj/.stamp" | head -1)" ]]; then
    rm -f "$out"/obj/*.o
fi
objs=()
for src in "${sources[@]}"; do
    obj="$out/obj/$(echo "${src#$root/}" | tr / _).o"
    if [[ ! -f "$obj" || "$src" -nt "$obj" ]]; then
        echo "compile ${src#$root/}"
        $CXX "${flags[@]}" -fsanitize=fuzzer-no-link -c "$src" -o "$obj"
    fi
    objs+=("$obj")
done
touch "$out/obj/.stamp"
libs=(-L/usr/lib/x86_64-linux-gnu/hdf5/serial -lhdf5 -llzf -lz -lpthread)
build() {  # name source [defines...]
    local name=$1 src=$2
    shift 2
    echo "link $name"
    $CXX "${flags[@]}" -fsanitize=fuzzer -DDM_LIBFUZZER "$@" "$src" "${objs[@]}" "${libs[@]}" -o "$out/$name"
}
build fuzz_h5ad "$root/tests/fuzz/fuzz_h5ad.cpp"
build fuzz_tenx_h5 "$root/tests/fuzz/fuzz_tenx_h5.cpp"
build fuzz_tenx_mtx "$root/tests/fuzz/fuzz_tenx_mtx.cpp"
build fuzz_run_record "$root/tests/fuzz/fuzz_json.cpp" -DDM_FUZZ_RUN_RECORD
build fuzz_run_config "$root/tests/fuzz/fuzz_json.cpp" -DDM_FUZZ_RUN_CONFIG
build fuzz_denovo "$root/tests/fuzz/fuzz_denovo.cpp"
build fuzz_dataset_stream "$root/tests/fuzz/fuzz_dataset_stream.cpp"
echo "fuzzers in $out"
