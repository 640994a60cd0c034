/** Compiles decks/ into public/decks/*.json (precached by the service worker). Fails on any deck error. */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSourceDecks } from './lib/decks';
import { cardOrdinals } from '../src/formats/prepdeck/parse';
import type { CompiledDeck, CompiledIndex, CompiledNote } from '../src/formats/prepdeck/compiled';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(repo, 'public', 'decks');
const errors: string[] = [];
const decks = readSourceDecks(join(repo, 'decks'), errors);
if (errors.length) {
  for (const e of errors) console.error(`error: ${e}`);
  console.error('compile-decks: fix the deck errors above (npm run decks:check)');
  process.exit(1);
}
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const index: CompiledIndex = { version: '', decks: [] };
for (const d of decks) {
  const notes: CompiledNote[] = d.cards.map((c) => ({
    id: c.id,
    kind: c.kind,
    front: c.front,
    back: c.back,
    ...(c.answer ? { answer: c.answer } : {}),
    tags: c.tags,
    topics: c.topics,
    ...(c.difficulty ? { difficulty: c.difficulty } : {}),
    ...(c.story ? { story: true } : {}),
  }));
  const body = JSON.stringify({ id: d.meta.id, name: d.meta.name, description: d.meta.description, notes });
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
  const deck: CompiledDeck = { ...d.meta, hash, notes };
  const file = `${d.meta.id}.json`;
  writeFileSync(join(out, file), JSON.stringify(deck));
  const cards = d.cards.reduce((n, c) => n + cardOrdinals(c.kind, c.front).length, 0);
  index.decks.push({ id: d.meta.id, name: d.meta.name, file, hash, cards });
}
index.version = createHash('sha256').update(index.decks.map((d) => d.hash).join()).digest('hex').slice(0, 16);
writeFileSync(join(out, 'index.json'), JSON.stringify(index, null, 1));
console.log(`compile-decks: ${index.decks.length} decks, ${index.decks.reduce((n, d) => n + d.cards, 0)} cards → public/decks (version ${index.version})`);
