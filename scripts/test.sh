#!/usr/bin/env bash
# Every check: types, deck validation, unit tests, production build (with the size budget),
# and the browser tests in real Chromium. Prints one summary line at the end.
set -uo pipefail
cd "$(dirname "$0")/.."
export TMPDIR="${TMPDIR:-/tmp}"
mkdir -p test-results .tmp
fail=0
step() { echo; echo "=== $1"; }

step "Chromium (Debian package)"
bash scripts/ensure-chromium.sh || { echo "chromium could not be installed"; exit 1; }

step "Type check"
npx tsc --noEmit -p tsconfig.json || fail=1

step "Deck check"
npx tsx scripts/decks-check.ts || fail=1

step "Unit tests"
npx vitest run --project unit --reporter=default --reporter=json --outputFile.json=test-results/unit.json || fail=1

step "Production build"
npm run build || { echo "build failed"; exit 1; }

step "Browser tests (Chromium)"
npx vitest run --project browser --reporter=default --reporter=json --outputFile.json=test-results/browser.json || fail=1

node -e '
const fs = require("fs");
let passed = 0, failed = 0, skipped = 0;
for (const f of ["test-results/unit.json", "test-results/browser.json"]) {
  if (!fs.existsSync(f)) { failed++; continue; }
  const r = JSON.parse(fs.readFileSync(f, "utf8"));
  passed += r.numPassedTests; failed += r.numFailedTests; skipped += r.numPendingTests + (r.numTodoTests || 0);
}
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
'
exit $fail
