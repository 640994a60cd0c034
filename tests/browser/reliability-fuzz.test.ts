/**
 * Fuzzing the Import screen in real Chromium. fast-check (seeded, a bounded number of runs)
 * builds random bytes, truncated and mutated Anki packages, and mutated CSV and Markdown files;
 * each goes through the real file input, the import worker and IndexedDB. For every file the
 * page must end in one of two ways, and the same way as the pure reader in Node says:
 *   - a specific error message (the reader's own words), with nothing written; or
 *   - a preview whose import then completes, writing exactly the planned decks, notes, cards
 *     and media.
 * The page never throws, the worker never dies, and the app still works at the end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Page } from 'playwright-core';
import type { SqlJsStatic } from 'sql.js';
import { loadSqlJsNode } from '../../src/formats/apkg/sql-node';
import { previewText, readImport, type ImportPlan } from '../../src/formats';
import { buildLatestApkg, buildLegacyApkg, zipOf } from '../fixtures/anki-packages';
import { legacyCollection } from '../fixtures/anki-collections';
import { fixtureContent, TINY_PNG } from '../fixtures/anki-content';
import { encodeMessage } from '../fixtures/protobuf-write';
import { zstdRawFrame } from '../fixtures/zstd-raw';
import { launch, useServer, type Browser } from './harness';
import { storeCounts } from './reliability-helpers';

const server = useServer();
let sql: SqlJsStatic;
let b: Browser;
let page: Page;
let packages: Uint8Array[];
const seen = { error: 0, imported: 0, commitRefused: 0 };

beforeAll(async () => {
  sql = await loadSqlJsNode();
  packages = [buildLegacyApkg(sql), buildLatestApkg(sql)];
  // No service worker: every case starts from a fresh Import screen, and a reload is a real one.
  b = await launch({ serviceWorkers: 'block' });
  page = b.page;
  // The deck list waits for the built-in decks: after it, nothing else writes in the background.
  await page.goto(server.url + '/');
  await page.getByRole('heading', { name: 'Today' }).waitFor({ timeout: 30_000 });
});
afterAll(async () => {
  await b?.close();
});

const TEXT_NAME = /\.(csv|tsv|txt)$/i;

type Expected = { kind: 'error'; message: string } | { kind: 'plan'; plan: ImportPlan };

/** What the pure readers say about a file, following the same steps as the Import screen. */
async function expectedOutcome(bytes: Uint8Array, name: string): Promise<Expected> {
  try {
    let text = {};
    if (TEXT_NAME.test(name)) {
      const p = previewText(bytes, name, {});
      text = { separator: p.separator, columns: p.suggestedColumns, hasHeaderRow: p.hasHeaderRow, html: p.html };
    }
    return { kind: 'plan', plan: await readImport(bytes, name, { sql, text, now: Date.now() }) };
  } catch (e) {
    return { kind: 'error', message: (e as Error).message };
  }
}

async function keys(store: string): Promise<Set<string>> {
  return new Set(
    await page.evaluate(
      (s) =>
        new Promise<string[]>((res, rej) => {
          const req = indexedDB.open('prepdeck');
          req.onerror = () => rej(req.error);
          req.onsuccess = () => {
            const db = req.result;
            const r = db.transaction(s).objectStore(s).getAllKeys();
            r.onsuccess = () => {
              res(r.result as string[]);
              db.close();
            };
            r.onerror = () => rej(r.error);
          };
        }),
      store,
    ),
  );
}

/** A fresh Import screen (leaving the route unmounts it, so no state carries over). */
async function freshImportScreen(): Promise<void> {
  await page.evaluate(() => (location.hash = '#/'));
  await page.locator('section.import').waitFor({ state: 'detached' });
  await page.evaluate(() => (location.hash = '#/import'));
  await page.locator('#import-file').waitFor({ state: 'attached' });
}

type Outcome = { kind: 'alert'; text: string } | { kind: 'columns' } | { kind: 'preview'; label: string };

async function outcome(): Promise<Outcome> {
  const alert = page.locator('section.import [role=alert]');
  const columns = page.locator('.columns-step');
  const preview = page.getByRole('button', { name: /^Import \d+ cards?$/ });
  await alert.or(columns).or(preview).first().waitFor({ timeout: 30_000 });
  if (await alert.count()) return { kind: 'alert', text: (await alert.textContent()) ?? '' };
  if (await columns.count()) return { kind: 'columns' };
  return { kind: 'preview', label: (await preview.textContent()) ?? '' };
}

/** Feeds one file through the Import screen and checks the outcome against the Node reader. */
async function importThroughThePage(bytes: Uint8Array, name: string): Promise<void> {
  const expected = await expectedOutcome(bytes, name);
  await freshImportScreen();
  const before = await storeCounts(page);
  const keysBefore = { decks: await keys('decks'), notes: await keys('notes'), cards: await keys('cards'), media: await keys('media') };
  await page.setInputFiles('#import-file', { name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
  let got = await outcome();
  if (got.kind === 'columns') {
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.locator('.columns-step').waitFor({ state: 'detached' });
    got = await outcome();
  }
  const where = `${name} (${bytes.length} bytes)`;
  if (expected.kind === 'error') {
    expect(got, where).toEqual({ kind: 'alert', text: expected.message });
    expect(await storeCounts(page), where).toEqual(before);
    seen.error++;
    return;
  }
  const n = expected.plan.cards.length;
  expect(got, where).toEqual({ kind: 'preview', label: `Import ${n} ${n === 1 ? 'card' : 'cards'}` });
  await page.getByRole('button', { name: /^Import \d+ cards?$/ }).click();
  const finished = page.getByRole('heading', { name: 'Import finished' });
  const refused = page.locator('section.import [role=alert]');
  await finished.or(refused).first().waitFor({ timeout: 30_000 });
  if (await refused.count()) {
    // Storage may still refuse a plan (e.g. records without ids): clearly, and writing nothing.
    const text = (await refused.textContent()) ?? '';
    expect(text, where).not.toMatch(/^Something went wrong|worker stopped/);
    expect(text, where).toMatch(/Nothing was (changed|imported)/);
    expect(await storeCounts(page), where).toEqual(before);
    seen.commitRefused++;
    return;
  }
  // Exactly the planned records are there: the new ones added, nothing else.
  const plan = expected.plan;
  const planned = {
    decks: new Set(plan.decks.map((d) => d.id)),
    notes: new Set(plan.notes.map((x) => x.id)),
    cards: new Set(plan.cards.map((c) => c.id)),
    media: new Set(plan.media.map((m) => `${m.deckId}/${m.name}`)),
  };
  const after = await storeCounts(page);
  for (const store of ['decks', 'notes', 'cards', 'media'] as const) {
    const now = await keys(store);
    for (const id of planned[store]) expect(now.has(id), `${where}: ${store} ${id}`).toBe(true);
    const added = [...planned[store]].filter((id) => !keysBefore[store].has(id)).length;
    expect(after[store] - before[store], `${where}: new ${store}`).toBe(added);
  }
  expect(after.revlog).toBeGreaterThanOrEqual(before.revlog);
  seen.imported++;
}

/**
 * A position in [0, 1), uniform in value (fc.double is uniform over representable doubles, which
 * crowds it near 0). Edits use relative positions, so they fit any file size.
 */
const fraction = fc.integer({ min: 0, max: 999_999 }).map((n) => n / 1_000_000);

const byteEdits = fc.array(fc.tuple(fraction, fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 });

function mutateText(base: string, tokens: string[]) {
  return fc
    .record({
      inserts: fc.array(fc.tuple(fraction, fc.constantFrom(...tokens)), { maxLength: 6 }),
      cut: fc.option(fc.tuple(fraction, fc.integer({ min: 1, max: 40 })), { nil: undefined }),
      // A third of the files get one invalid UTF-8 or NUL byte.
      badByte: fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.tuple(fraction, fc.constantFrom(0x00, 0x80, 0xc3, 0xfe, 0xff)) }),
    })
    .map(({ inserts, cut, badByte }) => {
      let text = base;
      for (const [where, token] of inserts) {
        const at = Math.floor(where * (text.length + 1));
        text = text.slice(0, at) + token + text.slice(at);
      }
      if (cut) {
        const at = Math.floor(cut[0] * text.length);
        text = text.slice(0, at) + text.slice(at + cut[1]);
      }
      // Invalid UTF-8 and NUL bytes anywhere in the encoded text.
      const out = Array.from(new TextEncoder().encode(text));
      if (badByte) out.splice(Math.floor(badByte[0] * (out.length + 1)), 0, badByte[1]);
      return Uint8Array.from(out);
    });
}

const CSV = ['front,back,tags', '"What is ""bias"" in a model?","The gap, on average, between prediction and truth",ml', 'What does L2 regularisation penalise?,Large weights,ml regularisation', 'A {{c1::cloze}} in a CSV,extra,', '<b>HTML</b> front,<i>back</i>,'].join('\n') + '\n';
const CSV_TOKENS = ['"', ',', ';', '\t', '|', '\n', '\r\n', '\u0000', '#separator:Tab\n', '#html:true\n', '#columns:Front\tBack\n', '<b>', '{{c1::', '}}', '\uFEFF', 'é', '😀', '""'];
const MARKDOWN = [
  '---',
  'id: fuzz-deck',
  'name: Fuzz deck',
  '---',
  '',
  '## fuzz-1',
  'What is the bias–variance trade-off?',
  '',
  '---',
  '',
  'Lower bias usually costs variance.',
  '',
  '## fuzz-2',
  'type: cloze',
  '',
  'A {{c1::trie}} stores strings by prefix.',
  '',
  '```python',
  'print("code")',
  '```',
  '',
].join('\n');
const MARKDOWN_TOKENS = ['---\n', '## ', '# ', '\n## fuzz-1\n', '```\n', 'Q: ', 'A: ', 'type: cloze\n', 'type: type-in\n', '{{c1::x}}', '$$', '\n\n', 'id: x\n', 'tags: a b\n', '\u0000', '\r\n', '<script>alert(1)</script>'];

const RUNS = { random: 6, truncated: 6, mutatedZip: 8, damagedCollection: 8, csv: 10, markdown: 10 };
const check = (arb: fc.Arbitrary<[Uint8Array, string]>, numRuns: number, seed: number) =>
  fc.assert(
    // Without bias: fast-check would otherwise favour edits at offset 0 and cuts to one byte.
    fc.asyncProperty(fc.noBias(arb), async ([bytes, name]) => importThroughThePage(bytes, name)),
    { numRuns, seed, endOnFailure: true },
  );

describe('fuzzing the Import screen', () => {
  it('random bytes under every supported extension', async () => {
    const arb = fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 1500 }), fc.constantFrom('apkg', 'colpkg', 'csv', 'tsv', 'txt', 'md'), fc.boolean(), fc.nat(9999)).map(([bytes, ext, zipMagic, i]): [Uint8Array, string] => {
      // Half of them start like a zip archive, so the zip reader gets its share.
      if (zipMagic && bytes.length >= 4) bytes.set([0x50, 0x4b, 0x03, 0x04]);
      return [bytes, `random-${i}.${ext}`];
    });
    await check(arb, RUNS.random, 101);
  });

  it('truncated Anki packages (legacy and latest)', async () => {
    const arb = fc.tuple(fc.integer({ min: 0, max: 1 }), fraction).map(([which, cut]): [Uint8Array, string] => {
      const whole = packages[which]!;
      return [whole.slice(0, Math.max(1, Math.floor(whole.length * cut))), `truncated-${which}.apkg`];
    });
    await check(arb, RUNS.truncated, 202);
  });

  it('Anki packages with bytes changed anywhere', async () => {
    const arb = fc.tuple(fc.integer({ min: 0, max: 1 }), byteEdits).map(([which, edits]): [Uint8Array, string] => {
      const bytes = packages[which]!.slice();
      for (const [where, value] of edits) bytes[Math.floor(where * bytes.length)] = value;
      return [bytes, `mutated-${which}.apkg`];
    });
    await check(arb, RUNS.mutatedZip, 303);
  });

  it('intact packages around a damaged SQLite collection (sql.js in the worker meets it)', async () => {
    const content = fixtureContent();
    const collection = legacyCollection(sql, content);
    const arb = fc.tuple(fc.boolean(), fc.array(fc.tuple(fraction, fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 16 })).map(([latest, edits]): [Uint8Array, string] => {
      const db = collection.slice();
      for (const [where, value] of edits) db[Math.floor(where * db.length)] = value;
      const zip = latest
        ? zipOf({ meta: encodeMessage([[1, 3]]), 'collection.anki21b': zstdRawFrame(db), media: zstdRawFrame(encodeMessage([[1, [[1, 'tiny.png']]]])), '0': zstdRawFrame(TINY_PNG, false) })
        : zipOf({ 'collection.anki2': db, media: '{"0": "tiny.png"}', '0': TINY_PNG });
      return [zip, `damaged-${latest ? 'latest' : 'legacy'}.apkg`];
    });
    await check(arb, RUNS.damagedCollection, 606);
  });

  it('mutated CSV, TSV and Anki text files', async () => {
    const arb = fc.tuple(mutateText(CSV, CSV_TOKENS), fc.constantFrom('csv', 'tsv', 'txt'), fc.nat(9999)).map(([bytes, ext, id]): [Uint8Array, string] => [bytes, `fuzz-${id}.${ext}`]);
    await check(arb, RUNS.csv, 404);
  });

  it('mutated Markdown decks', async () => {
    const arb = fc.tuple(mutateText(MARKDOWN, MARKDOWN_TOKENS), fc.nat(9999)).map(([bytes, id]): [Uint8Array, string] => [bytes, `fuzz-${id}.md`]);
    await check(arb, RUNS.markdown, 505);
  });

  it('left the page healthy: no page errors, both outcomes seen, and studying still works', async () => {
    console.log(`fuzz outcomes: ${seen.error} refused by the reader, ${seen.imported} imported, ${seen.commitRefused} refused by storage`);
    expect(b.errors).toEqual([]);
    expect(seen.error).toBeGreaterThan(5);
    expect(seen.imported).toBeGreaterThan(5);
    await page.evaluate(() => (location.hash = '#/'));
    await page.getByRole('heading', { name: 'Today' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Today' }).waitFor({ timeout: 30_000 });
    await page.getByRole('link', { name: 'Study all decks' }).click();
    await page.getByRole('button', { name: 'Show answer' }).waitFor();
  });
});
