#!/usr/bin/env bash
# Builds the example site with --pdf twice into the same folder (the second
# time without the PDF cache, so Chromium prints again) and checks the PDFs as a committee clerk would: tagged, titled,
# several pages, the paragraph numbers, a chart's title and a table's figures
# in reading order, and byte-identical builds under SOURCE_DATE_EPOCH.
set -euo pipefail
gazette=$1 site=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
cp -r "$site/site.json" "$site/content" "$site/data" "$work/"
export SOURCE_DATE_EPOCH=1700000000
"$gazette" build "$work" --out "$work/site" --pdf
cp -r "$work/site" "$work/first"
rm -rf "$work/.gazette-cache"
"$gazette" build "$work" --out "$work/site" --pdf

fail() { echo "FAIL: $*"; exit 1; }
count=0
for pdf in "$work"/first/reports/*/report.pdf; do
  info=$(pdfinfo "$pdf")
  grep -q "^Tagged: *yes" <<<"$info" || fail "$pdf is not tagged"
  pages=$(awk '/^Pages:/ {print $2}' <<<"$info")
  [ "$pages" -gt 1 ] || fail "$pdf has $pages page(s)"
  cmp -s "$pdf" "${pdf/first/site}" || fail "$pdf differs between two builds"
  grep -a -q "/Lang (en-GB)" "$pdf" || fail "$pdf has no language"
  grep -a -q "/Outlines" "$pdf" || fail "$pdf has no outline"
  # What works on screen only stays off the paper: the site's footer (it
  # spilled onto a page of its own) and the links to download a dataset.
  printed=$(pdftotext "$pdf" -)
  ! grep -q "Built with Gazette" <<<"$printed" || fail "$pdf prints the site's footer"
  ! grep -q "Download this data" <<<"$printed" || fail "$pdf prints links to download data"
  count=$((count + 1))
done
[ "$count" -eq 3 ] || fail "expected 3 report PDFs, found $count"

bcsp="$work/first/reports/2019-20-bcsp-annual-report/report.pdf"
pdfinfo "$bcsp" | grep -q "^Title: *Birmingham Community Safety Partnership annual report 2019-20$" || fail "BCSP title"
text=$(pdftotext -layout "$bcsp" -)
grep -q "Page 1 of" <<<"$text" || fail "no page numbers in the footer"
# Paragraph numbers, then the chart's title, then its description, in reading order.
order=$(grep -n -E "^ *6\.1 |Robbery and burglary fell most|The largest fall was in robbery" <<<"$text" | cut -d: -f1 | tr '\n' ' ')
[ "$(wc -w <<<"$order")" -ge 3 ] || fail "paragraph 6.1, the chart title or its description is missing: $order"
sorted=$(tr ' ' '\n' <<<"$order" | grep . | sort -n | tr '\n' ' ')
[ "$order" = "$sorted" ] || fail "paragraph 6.1, chart title and description out of order: $order"
nwcsp=$(pdftotext -layout "$work/first/reports/2018-19-nwcsp-scrutiny-briefing/report.pdf" -)
grep -q "£20,000" <<<"$nwcsp" && grep -q "£443,583" <<<"$nwcsp" || fail "the NWCSP grant table's figures are missing"
[ "$(grep -n '£20,000' <<<"$nwcsp" | head -1 | cut -d: -f1)" -lt "$(grep -n '£443,583' <<<"$nwcsp" | head -1 | cut -d: -f1)" ] \
  || fail "the grant table's total comes before its rows"
grep -q "Crime and Disorder Scrutiny Panel" <<<"$nwcsp" || fail "no committee in the NWCSP paper"
# A table's total prints once, after its last row, even when the table runs
# on to another page (a repeated footer would sit under a page of its rows).
[ "$(grep -c '£443,583' <<<"$nwcsp")" -eq 1 ] || fail "the grant table's total is printed more than once"
# The running header, from the report's named page, tops every page after the cover.
page2=$(pdftotext -f 2 -l 2 -layout "$work/first/reports/2018-19-nwcsp-scrutiny-briefing/report.pdf" -)
head -1 <<<"$page2" | grep -q "^Crime and Disorder Scrutiny Panel  .*2019$" || fail "no running header at the top of the NWCSP paper's page 2"
# Nothing changed since: no PDF is printed again, no file is written.
again=$("$gazette" build "$work" --out "$work/site" --pdf)
grep -q "3 PDFs (0 printed)" <<<"$again" || fail "unchanged reports were printed again: $again"
grep -q "nothing changed, no files written" <<<"$again" || fail "a build with nothing changed wrote files: $again"
# One report edited: only its PDF is printed again.
printf '\nA sentence added for the test.\n' >> "$work/content/reports/2018-19-nwcsp-scrutiny-briefing/index.md"
edited=$("$gazette" build "$work" --out "$work/site" --pdf)
grep -q "3 PDFs (1 printed)" <<<"$edited" || fail "an edit to one report did not print exactly its PDF: $edited"
# (Read whole first: under pipefail, grep -q leaving early can fail pdftotext on a broken pipe.)
reprinted=$(pdftotext "$work/site/reports/2018-19-nwcsp-scrutiny-briefing/report.pdf" -)
grep -q "A sentence added for the test." <<<"$reprinted" || fail "the edited report's PDF does not have the new sentence"
cmp -s "$work/first/reports/2019-20-bcsp-annual-report/report.pdf" "$work/site/reports/2019-20-bcsp-annual-report/report.pdf" \
  || fail "a PDF from the cache differs"
echo "PDFs: $count checked: tagged, titled, outlined, byte-identical, figures in reading order"
