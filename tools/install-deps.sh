#!/usr/bin/env bash
# Installs what building and testing Gazette needs, and only what is missing:
# Debian packages with apt-get (as root), then the npm packages pinned in
# package-lock.json with `npm ci`. Run by `make site` and `make test`.
# With --bench (`make bench`), also what the benchmark measures with: Hugo,
# the yardstick, and GNU time, for peak memory. The benchmark skips either
# when it is missing, so these are installed only as root, never required.
# With --fuzz (`make fuzz`), also clang and its libFuzzer runtime.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages, each checked by the file or command it provides, so that a
# machine with Node.js from elsewhere is not asked to install Debian's.
declare -A needs=(
  [g++]="command:g++"
  [make]="command:make"
  [cmake]="command:cmake"
  [pkg-config]="command:pkg-config"
  [libcmark-gfm-dev]="file:/usr/include/cmark-gfm.h"
  [libcmark-gfm-extensions-dev]="file:/usr/include/cmark-gfm-core-extensions.h"
  [nlohmann-json3-dev]="file:/usr/include/nlohmann/json.hpp"
  [doctest-dev]="file:/usr/include/doctest/doctest.h"
  [libcli11-dev]="file:/usr/include/CLI/CLI.hpp"
  [libyaml-dev]="file:/usr/include/yaml.h"
  [libcpp-httplib-dev]="file:/usr/include/httplib.h"
  [libxxhash-dev]="file:/usr/include/xxhash.h"
  [libmimalloc-dev]="file:/usr/include/mimalloc.h"
  [poppler-utils]="command:pdfinfo"
  [libxml2-utils]="command:xmllint"
  [libcsv-dev]="file:/usr/include/csv.h"
  [nodejs]="command:node"
  [npm]="command:npm"
  [chromium]="command:chromium"
  [default-jre-headless]="command:java"
)
if [ "${1:-}" = --fuzz ]; then
  needs[clang]="command:clang++"
  needs[libclang-rt-14-dev]="glob:/usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a"
fi

missing=()
for package in $(printf '%s\n' "${!needs[@]}" | sort); do
  check=${needs[$package]}
  case $check in
    command:*) command -v "${check#command:}" >/dev/null 2>&1 || missing+=("$package") ;;
    file:*) [ -e "${check#file:}" ] || missing+=("$package") ;;
    glob:*) compgen -G "${check#glob:}" >/dev/null || missing+=("$package") ;;
  esac
done

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Gazette needs these Debian packages: ${missing[*]}" >&2
    echo "Install them with:  sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ "${1:-}" = --bench ]; then
  optional=()
  command -v hugo >/dev/null 2>&1 || optional+=(hugo)
  [ -x /usr/bin/time ] || optional+=(time)
  if [ ${#optional[@]} -gt 0 ] && [ "$(id -u)" -eq 0 ]; then
    echo "Installing for the benchmark: ${optional[*]}"
    export DEBIAN_FRONTEND=noninteractive
    { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${optional[@]}"; } ||
      echo "Could not install ${optional[*]}; the benchmark goes on without them" >&2
  elif [ ${#optional[@]} -gt 0 ]; then
    echo "The benchmark skips what is missing; to include it: sudo apt-get install ${optional[*]}" >&2
  fi
fi

# npm packages: reinstall only when package-lock.json changed since the last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
