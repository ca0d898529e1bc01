#!/usr/bin/env bash
# Runs each libFuzzer harness built by build-fuzzers.sh for SECONDS (default 600 = 10
# CPU-minutes: one process each), two at a time, niced, seeded from tests/fuzz/corpus and
# growing a working corpus in OUT/corpus/<target>. Crashes land in OUT/artifacts/<target>/;
# copy each into tests/fuzz/regression/<target>/ (the replay test runs them) once fixed.
# Prints executions and coverage per harness from libFuzzer's final line.
#   tests/fuzz/run-fuzzers.sh [OUT_DIR] [SECONDS] [TARGET...]
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$root/build-fuzz}
secs=${2:-600}
shift 2 2>/dev/null || true
targets=("$@")
((${#targets[@]})) || targets=(h5ad tenx_h5 tenx_mtx run_record run_config denovo dataset_stream)
mkdir -p "$out/logs"
run() {
    local t=$1
    mkdir -p "$out/corpus/$t" "$out/artifacts/$t"
    nice -n 10 "$out/fuzz_$t" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$out/artifacts/$t/" "$out/corpus/$t" "$root/tests/fuzz/corpus/$t" >"$out/logs/$t.log" 2>&1
    echo "$t exit $?"
}
i=0
for t in "${targets[@]}"; do
    run "$t" &
    i=$((i + 1))
    if ((i % 2 == 0)); then wait; fi
done
wait
for t in "${targets[@]}"; do
    log=$out/logs/$t.log
    done_line=$(grep -E "^#[0-9]+.*(DONE|cov:)" "$log" | tail -1)
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    crashes=$(ls "$out/artifacts/$t" 2>/dev/null | wc -l)
    printf '%-15s execs %-10s crashes %-3s %s\n' "$t" "${execs:-?}" "$crashes" "$done_line"
done
