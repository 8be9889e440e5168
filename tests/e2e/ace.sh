#!/usr/bin/env bash
# DAISY Ace, the EPUB accessibility checker, on one EPUB.
#
#   tests/e2e/ace.sh [--prefix DIR] BOOK.epub [REPORT_DIR]
#
# Installs Ace from npm into DIR (default: build/ace of this checkout) when it is not there yet,
# then checks BOOK.epub, writes Ace's report.json (and report.html) into REPORT_DIR (default: a
# folder beside the EPUB) and prints "violations: N", then one line per violation.
# Exit status: 0 no violation, 1 violations, 2 Ace could not run (the reason is printed).
#
# Ace drives a headless Chromium through Puppeteer. Puppeteer's own browser download is skipped;
# Debian's chromium is used instead (PUPPETEER_EXECUTABLE_PATH, /usr/bin/chromium unless set).
# Ace itself launches it headless with --no-sandbox, which running as root needs.
# Needs: nodejs and npm (Debian 12's suffice), chromium, flock (util-linux).
set -uo pipefail

ace_version=1.4.6
here="$(cd "$(dirname "$0")" && pwd)"
prefix="$here/../../build/ace"
if [ "${1:-}" = "--prefix" ]; then
  prefix="$2"
  shift 2
fi
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 [--prefix DIR] BOOK.epub [REPORT_DIR]" >&2
  exit 2
fi
epub="$1"
report_dir="${2:-${epub%.epub}-ace}"

fail() {
  echo "ace.sh: cannot run Ace: $*" >&2
  exit 2
}

[ -f "$epub" ] || fail "no such EPUB: $epub"
command -v node >/dev/null || fail "node is not installed (apt-get install -y nodejs npm)"
command -v npm >/dev/null || fail "npm is not installed (apt-get install -y npm)"
command -v flock >/dev/null || fail "flock is not installed (apt-get install -y util-linux)"
export PUPPETEER_EXECUTABLE_PATH="${PUPPETEER_EXECUTABLE_PATH:-/usr/bin/chromium}"
[ -x "$PUPPETEER_EXECUTABLE_PATH" ] ||
  fail "no browser at $PUPPETEER_EXECUTABLE_PATH (apt-get install -y chromium)"
export PUPPETEER_SKIP_DOWNLOAD=1 PUPPETEER_SKIP_CHROMIUM_DOWNLOAD=1

# Install once; tests run in parallel, so one installs while the others wait for the lock.
mkdir -p "$prefix" || fail "cannot create $prefix"
prefix="$(cd "$prefix" && pwd)"
ace="$prefix/node_modules/.bin/ace-cli"
installed() {
  [ -x "$ace" ] && grep -q "\"version\": \"$ace_version\"" \
    "$prefix/node_modules/@daisy/ace-cli/package.json" 2>/dev/null
}
{
  flock 9
  if ! installed; then
    echo "installing @daisy/ace-cli@$ace_version into $prefix" >&2
    npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error \
      "@daisy/ace-cli@$ace_version" >"$prefix/npm-install.log" 2>&1 ||
      fail "npm install @daisy/ace-cli@$ace_version failed; see $prefix/npm-install.log:
$(tail -20 "$prefix/npm-install.log")"
    installed || fail "npm install did not leave $ace"
  fi
} 9>"$prefix/.install-lock"

rm -rf "$report_dir"
mkdir -p "$report_dir" || fail "cannot create $report_dir"
tmp="$(mktemp -d)" || fail "mktemp failed"
trap 'rm -rf "$tmp"' EXIT
"$ace" --silent --force --tempdir "$tmp" --outdir "$report_dir" "$epub" >"$tmp/ace.log" 2>&1
status=$?
report="$report_dir/report.json"
if [ ! -s "$report" ]; then
  fail "Ace exited with status $status and wrote no report:
$(tail -40 "$tmp/ace.log")"
fi

# A violation is a failed assertion about one document of the book.
node - "$report" <<'JS'
const report = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
const lines = [];
for (const doc of report.assertions || []) {
  const url = (doc['earl:testSubject'] || {}).url || '?';
  for (const a of doc.assertions || []) {
    if ((a['earl:result'] || {})['earl:outcome'] !== 'fail') continue;
    const test = a['earl:test'] || {};
    lines.push(`${url}: ${test['earl:impact']} ${test['dct:title']}: ` +
               `${(a['earl:result'] || {})['dct:description'] || ''}`);
  }
}
console.log(`violations: ${lines.length}`);
for (const line of lines) console.log(line);
process.exit(lines.length === 0 ? 0 : 1);
JS
