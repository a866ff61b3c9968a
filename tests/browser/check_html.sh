#!/usr/bin/env bash
# Every page of the built sites through the W3C Nu Html Checker (vnu-jar from
# npm, run with Java from Debian): 0 errors, or the errors with their pages.
set -euo pipefail
vnu="$(dirname "$0")/../../node_modules/vnu-jar/build/dist/vnu.jar"
[ -f "$vnu" ] || { echo "vnu-jar is missing: run npm ci (make does it)"; exit 1; }
pages=$(find "$@" -name '*.html' | wc -l)
[ "$pages" -gt 0 ] || { echo "no pages to check in: $*"; exit 1; }
if errors=$(java -jar "$vnu" --errors-only --skip-non-html "$@" 2>&1); then
  echo "HTML: $pages pages checked by the Nu Html Checker, 0 errors"
else
  echo "$errors"
  echo "HTML: $pages pages checked by the Nu Html Checker, $(grep -c 'error:' <<<"$errors") errors"
  exit 1
fi
