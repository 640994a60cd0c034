// Measures the JavaScript that index.html loads before the first screen: the entry script plus
// its module preloads, gzipped. Fails when it exceeds the budget (50 KB).
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const BUDGET = 30 * 1024;
const dist = 'dist';
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const files = new Set();
for (const m of html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g)) files.add(m[1]);
for (const m of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)) files.add(m[1]);
let total = 0;
const rows = [];
for (const f of files) {
  const path = join(dist, f.replace(/^\//, ''));
  if (!existsSync(path)) throw new Error(`size: ${f} is referenced by index.html but missing from dist/`);
  const gz = gzipSync(readFileSync(path), { level: 9 }).length;
  total += gz;
  rows.push(`  ${(gz / 1024).toFixed(1).padStart(6)} KB  ${f}`);
}
if (!existsSync(join(dist, 'sw.js'))) throw new Error('size: dist/sw.js is missing: the service worker was not generated');
console.log(`First-screen JavaScript (gzip, entry + modulepreloads):\n${rows.join('\n')}\n  ${(total / 1024).toFixed(1).padStart(6)} KB  total (budget ${BUDGET / 1024} KB)`);
if (total > BUDGET) {
  console.error(`size: over budget by ${((total - BUDGET) / 1024).toFixed(1)} KB`);
  process.exit(1);
}
