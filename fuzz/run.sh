#!/usr/bin/env bash
# Run every fuzz target (or those named) for SECONDS each, one after the other.
#
#   fuzz/run.sh [SECONDS] [TARGET...]      default: 60 seconds, every target
#
# Needs cargo-fuzz (installed from crates.io if missing) and a nightly compiler for the
# sanitizers: `+nightly` when rustup has it, else the stable compiler with RUSTC_BOOTSTRAP=1
# and no sanitizer (coverage guidance still works; memory errors are then not caught, which
# matters little: the crate forbids `unsafe`).
#
# Corpora grow in fuzz/corpus/TARGET (seeded from fixtures/ and rules/ on first run);
# crashes land in fuzz/artifacts/TARGET. Neither is committed: turn every crash into a
# regression test in tests/robust_*.rs instead. Exit status 1 if any target crashed.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(document links rule_loader check dates numbers)
fi

command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
if rustup run nightly rustc --version >/dev/null 2>&1; then
  toolchain=(+nightly)
  sanitizer=address
else
  toolchain=()
  sanitizer=none
  export RUSTC_BOOTSTRAP=1
fi

seed() {
  local target="$1" dir="corpus/$1"
  mkdir -p "$dir"
  [ -n "$(ls -A "$dir")" ] && return
  case "$target" in
    rule_loader) find ../rules -name '*.toml' -exec cp {} "$dir/" \; ;;
    *) find ../fixtures -type f \( -name '*.md' -o -name '*.txt' \) -size -64k -exec cp {} "$dir/" \; ;;
  esac
}

failed=0
for t in "${targets[@]}"; do
  seed "$t"
  mkdir -p "artifacts/$t"
  echo "== $t: ${seconds}s (sanitizer: $sanitizer)"
  # -timeout: an input that takes over 10 s is a hang, reported like a crash.
  # -rss_limit_mb: more than 2 GiB for one input (at most -max_len bytes) is a leak or a blow-up.
  if ! cargo "${toolchain[@]}" fuzz run --sanitizer "$sanitizer" "$t" "corpus/$t" -- \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
      -artifact_prefix="artifacts/$t/" -print_final_stats=1 2>&1 | tail -n 25; then
    failed=1
  fi
  if [ -n "$(ls -A "artifacts/$t")" ]; then
    echo "!! $t: crashes in fuzz/artifacts/$t"
    failed=1
  fi
done
exit "$failed"
