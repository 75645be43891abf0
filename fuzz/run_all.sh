#!/usr/bin/env bash
# Runs every fuzz target for RUNS executions (2,000,000 by default), one after the other,
# and prints one line per target: executions, seconds, corpus files and bytes, findings.
# MAX_SECONDS caps each target's run (libFuzzer's -max_total_time; 0, the default, is none).
# Seed the corpora first (docs/fuzzing.md, "Run"). Usage, from the repository root:
#
#     fuzz/run_all.sh [RUNS] [TARGET...]
#
# Without a nightly toolchain set RUSTC_BOOTSTRAP=1. `-s none` builds without AddressSanitizer:
# the code under test is Rust (its own bounds checks stay on in release) and the runs go about
# twice as fast; add ASan for a hunt in the decoders' unsafe code with `SANITIZER=address`.
set -euo pipefail
cd "$(dirname "$0")"
runs="${1:-2000000}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(case_file case_analysis import_csv import_fhir import_xlsx image_dicom image_raster
        dense_file series_scan cohort_file pacs_multipart pacs_search)
fi
sanitizer="${SANITIZER:-none}"
log_folder="${LOG_FOLDER:-logs}"
mkdir -p "$log_folder"
# Build once, then run the binaries: a `cargo fuzz run` per target would rebuild the library
# after every change to the sources, in the middle of a campaign.
cargo fuzz build -O -s "$sanitizer" >"$log_folder/build.log" 2>&1
binaries="target/x86_64-unknown-linux-gnu/release"
printf '%-16s %12s %9s %8s %12s %s\n' target executions seconds files bytes findings
for target in "${targets[@]}"; do
    mkdir -p "corpus/$target" "artifacts/$target"
    log="$log_folder/$target.log"
    # Workbooks, images and series are large inputs; the rest stay under libFuzzer's default.
    case "$target" in
        import_xlsx | image_dicom | image_raster | series_scan | cohort_file) max_len=1048576 ;;
        *) max_len=65536 ;;
    esac
    nice -n 10 "$binaries/$target" "corpus/$target" \
        -runs="$runs" -max_total_time="${MAX_SECONDS:-0}" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="artifacts/$target/" -print_final_stats=1 >"$log" 2>&1 || true
    done_line=$(grep -E '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 || true)
    executions=$(echo "$done_line" | awk '{print $2}')
    # A run stopped early (a finding, or Ctrl+C) prints no "Done" line, only its final stats.
    [ -n "$executions" ] || executions=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}' | tail -1)
    seconds=$(echo "$done_line" | awk '{print $5}')
    files=$(find "corpus/$target" -type f | wc -l)
    bytes=$(du -sb "corpus/$target" | cut -f1)
    findings=$(find "artifacts/$target" -type f | wc -l)
    printf '%-16s %12s %9s %8s %12s %s\n' "$target" "${executions:-?}" "${seconds:-?}" \
        "$files" "$bytes" "$findings"
done
