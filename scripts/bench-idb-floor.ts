/**
 * The floor under `syncFirst1MMs`: how long Chromium's IndexedDB takes to store N review-log
 * records shaped as the app stores them (the `revlog` store: key `id`, indexes `byCard` and
 * `byTime`), in one transaction, with the raw API and no promise per request. Nothing of the app
 * runs: this is what any first sync that writes one record per review pays at least.
 *
 *   npx tsx scripts/bench-idb-floor.ts [N=1000000]
 *
 * Prints JSON: { records, queueMs (puts issued), totalMs (transaction complete), load }.
 * Serves an empty page on a free loopback port (IndexedDB needs an origin) and stops it itself.
 */
import { createServer } from 'node:http';
import { loadavg } from 'node:os';
import { freePort, launch } from '../tests/browser/harness';

const records = Number(process.argv[2] ?? 1_000_000);
const port = await freePort();
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html' });
  res.end('<!doctype html><title>IndexedDB floor</title>');
});
await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
const browser = await launch({ viewport: { width: 800, height: 600 } });
try {
  await browser.page.goto(`http://127.0.0.1:${port}/`);
  const load = loadavg()[0] ?? 0;
  const result = await browser.page.evaluate(async (n) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('floor', 1);
      open.onupgradeneeded = () => {
        const s = open.result.createObjectStore('revlog', { keyPath: 'id' });
        s.createIndex('byCard', 'cardId');
        s.createIndex('byTime', 'time');
      };
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const t0 = performance.now();
    const tx = db.transaction('revlog', 'readwrite');
    const store = tx.objectStore('revlog');
    const base = 1.7e12;
    for (let i = 0; i < n; i++) {
      store.put({ id: `r${i.toString(36).padStart(8, '0')}-device01`, cardId: `c${i % 100_000}`, deckId: 'd1', time: base + i * 60_000, rating: 3, stateBefore: 2, stateAfter: 2, stabilityBefore: 10.5, stabilityAfter: 12.25, difficultyBefore: 5.1, difficultyAfter: 5.2, dueBefore: base, dueAfter: base + 86_400_000, scheduledDays: 1, elapsedDays: 1, durationMs: 4000, source: 'review', usn: 0 });
    }
    const queued = performance.now() - t0;
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    return { queueMs: Math.round(queued), totalMs: Math.round(performance.now() - t0) };
  }, records);
  console.log(JSON.stringify({ records, ...result, load: Number(load.toFixed(2)) }));
} finally {
  await browser.close();
  await new Promise((resolve) => server.close(resolve));
}
