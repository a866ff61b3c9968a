#!/usr/bin/env bash
# `make fuzz`: runs each libFuzzer target in build-fuzz/fuzz/ for FUZZ_SECONDS,
# FUZZ_JOBS at a time, and prints one line per target:
#   fuzz: markdown_fuzz: 1234567 executions, 0 crashes
# Each target starts from its committed seeds (fuzz/corpus/TARGET/), the
# example site's own files and large pathological inputs made here, all
# copied into build-fuzz/corpus/TARGET/ so the committed corpus never grows.
# Exits 1 when any target crashed, leaving the input in build-fuzz/crashes/.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-60}
jobs=${FUZZ_JOBS:-2}
targets=${FUZZ_TARGETS:-"markdown_fuzz figures_fuzz dataset_json_fuzz dataset_csv_fuzz template_fuzz"}
bin=build-fuzz/fuzz
work=build-fuzz

# The longest input each target is given: a page or a theme can be long, a
# figure is one expression.
max_len() {
  case $1 in
    markdown_fuzz | template_fuzz) echo 65536 ;;
    figures_fuzz) echo 512 ;;
    *) echo 16384 ;;
  esac
}

# Seeds beside the committed ones: what the example site and the fixture
# sites hold now, and inputs too large to commit.
seed() {
  local target=$1 dir=$2
  case $target in
    markdown_fuzz)
      find content tests/fixtures/pass -name '*.md' | sort | while read -r f; do cp "$f" "$dir/site-$(echo "$f" | tr / _)"; done
      # Pathological cases from cmark's own: a huge table, runs of brackets and emphasis.
      { printf -- '---\ntitle: Huge table\n---\n|'; for _ in $(seq 99); do printf 'h|'; done; printf '\n|'
        for _ in $(seq 99); do printf -- '-|'; done; printf '\n'
        for _ in $(seq 300); do printf '|'; for _ in $(seq 99); do printf 'c|'; done; printf '\n'; done; } >"$dir/huge-table.md"
      { printf -- '---\ntitle: Brackets\n---\n'; head -c 60000 /dev/zero | tr '\0' '['; echo; } >"$dir/brackets-60k.md"
      { printf -- '---\ntitle: Openers\n---\n'; for _ in $(seq 6000); do printf '*a _'; done; echo; } >"$dir/openers.md" ;;
    figures_fuzz)
      grep -rhoE '\{\{[^}]*\}\}' content | sed -E 's/^\{\{ *//; s/ *\}\}$//' | sort -u |
        while read -r e; do printf '%s' "$e" >"$dir/site-$(printf '%s' "$e" | cksum | cut -d' ' -f1).txt"; done ;;
    dataset_json_fuzz)
      find data tests/fixtures/pass -name '*.json' -path '*data/*' | sort | while read -r f; do cp "$f" "$dir/site-$(echo "$f" | tr / _)"; done ;;
    dataset_csv_fuzz)
      find tests/fixtures -name '*.csv' | sort | while read -r f; do cp "$f" "$dir/site-$(echo "$f" | tr / _)"; done ;;
    template_fuzz)
      find themes/default/templates themes/default/components -name '*.mustache' | sort |
        while read -r f; do cp "$f" "$dir/site-$(basename "$f")"; done ;;
  esac
}

run() {
  local target=$1 corpus=$work/corpus/$1 crashes=$work/crashes/$1 log=$work/logs/$1.log
  local scratch=$PWD/$work/tmp/$1  # template_fuzz's themes/; a crash leaves it here, not in /tmp
  rm -rf "$corpus" "$crashes" "$scratch"
  mkdir -p "$corpus" "$crashes" "$scratch" "$work/logs"
  cp fuzz/corpus/"$target"/* "$corpus"/
  seed "$target" "$corpus"
  # Undefined behaviour stops the run as a memory error does; a leak is a crash too.
  TMPDIR=$scratch UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    "$bin/$target" "$corpus" -max_total_time="$seconds" -max_len="$(max_len "$target")" -timeout=20 \
      -rss_limit_mb=2560 -print_final_stats=1 -artifact_prefix="$crashes/" >"$log" 2>&1 || true
}

for target in $targets; do
  [ -x "$bin/$target" ] || { echo "fuzz: $bin/$target is missing: build it with \`make fuzz\`" >&2; exit 2; }
done

# FUZZ_JOBS targets at a time: each is one process on one core.
running=0
for target in $targets; do
  run "$target" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n
    running=$((running - 1))
  fi
done
wait

failed=0
for target in $targets; do
  log=$work/logs/$target.log
  # libFuzzer's final statistics; the last status line when it stopped before printing them.
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  [ -n "$executions" ] || executions=$(sed -n 's/^#\([0-9]*\).*/\1/p' "$log" | tail -1)
  mapfile -t found < <(find "$work/crashes/$target" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | sort)
  echo "fuzz: $target: ${executions:-0} executions, ${#found[@]} crashes"
  if [ ${#found[@]} -gt 0 ]; then
    failed=1
    for input in "${found[@]}"; do
      echo "  input: $input"
      echo "  again: $bin/$target $input"
    done
    echo "  log:   $log"
    grep -m1 -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" | sed 's/^/  /' || true
  elif ! grep -q '^Done [0-9]* runs' "$log"; then
    failed=1
    echo "  it stopped without finishing; see $log"
  fi
done
exit "$failed"
