#!/usr/bin/env bash
# Replays every corpus and regression input of each fuzz harness once under AddressSanitizer
# + UndefinedBehaviorSanitizer (the harnesses build-fuzzers.sh builds: the readers, the
# isolated reader's stream, the JSON readers, de-novo assembly input). No fuzzing: each
# input runs once, so the result does not depend on time or luck. A sanitizer report, a
# crash or an input running past the timeout fails the script, naming the harness; its
# log (OUT/replay/<target>.log) holds the report.
#   tests/fuzz/replay-sanitized.sh [OUT_DIR]      (default build-fuzz/ in the checkout)
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$root/build-fuzz}
mkdir -p "$out/replay"
failed=0
total=0
for t in h5ad tenx_h5 tenx_mtx run_record run_config denovo dataset_stream; do
    exe=$out/fuzz_$t
    if [[ ! -x "$exe" ]]; then
        echo "replay: $exe is missing; run tests/fuzz/build-fuzzers.sh $out first" >&2
        exit 2
    fi
    mapfile -t inputs < <(find "$root/tests/fuzz/corpus/$t" "$root/tests/fuzz/regression/$t" -type f 2>/dev/null | sort)
    log=$out/replay/$t.log
    # Given files (not folders), libFuzzer runs each once and exits non-zero at the first failure.
    if ((${#inputs[@]})) && ! printf '%s\0' "${inputs[@]}" |
        xargs -0 -n 200 "$exe" -timeout=60 -rss_limit_mb=4096 >"$log" 2>&1; then
        echo "replay: $t FAILED under ASan+UBSan (see $log)" >&2
        grep -m 5 -E "ERROR: AddressSanitizer|runtime error|deadly signal|timeout" "$log" >&2
        failed=1
    fi
    printf 'replay: %-15s %5d inputs\n' "$t" "${#inputs[@]}"
    total=$((total + ${#inputs[@]}))
done
echo "replay: $total inputs under ASan+UBSan, $([[ $failed == 0 ]] && echo "no reports" || echo "FAILED")"
exit $failed
