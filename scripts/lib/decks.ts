/** Reads the built-in deck sources under decks/ (Node only; shared by check and compile). */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseDeckFile, type DeckMeta, type ParsedCard } from '../../src/formats/prepdeck/parse';

export interface SourceDeck {
  meta: DeckMeta;
  cards: ParsedCard[];
  files: string[];
}

export interface Topics {
  decks: { letter: string; id: string; name: string }[];
  topics: Record<string, string>;
}

export function readTopics(root: string): Topics {
  return JSON.parse(readFileSync(join(root, 'topics.json'), 'utf8')) as Topics;
}

/** Reads every deck folder; problems go into `errors` with file:line prefixes. */
export function readSourceDecks(root: string, errors: string[]): SourceDeck[] {
  const decks: SourceDeck[] = [];
  for (const dir of readdirSync(root).sort()) {
    const path = join(root, dir);
    if (!statSync(path).isDirectory()) continue;
    const files = readdirSync(path).filter((f) => f.endsWith('.md')).sort((a, b) => (a === 'deck.md' ? -1 : b === 'deck.md' ? 1 : a.localeCompare(b)));
    if (!files.includes('deck.md')) {
      errors.push(`decks/${dir}: no deck.md with the deck's front matter`);
      continue;
    }
    let meta: Partial<DeckMeta> = {};
    const cards: ParsedCard[] = [];
    for (const f of files) {
      const rel = `decks/${dir}/${f}`;
      const parsed = parseDeckFile(readFileSync(join(path, f), 'utf8'), rel);
      errors.push(...parsed.errors);
      if (f === 'deck.md') meta = parsed.meta;
      else if (parsed.meta.name || parsed.meta.id) errors.push(`${rel}: only deck.md carries the deck's front matter`);
      cards.push(...parsed.cards);
    }
    if (!meta.id || !meta.name) {
      errors.push(`decks/${dir}/deck.md: front matter needs id and name`);
      continue;
    }
    if (meta.id !== dir) errors.push(`decks/${dir}/deck.md: id "${meta.id}" must match the folder name`);
    decks.push({ meta: { id: meta.id, name: meta.name, description: meta.description ?? '' }, cards, files: files.map((f) => `decks/${dir}/${f}`) });
  }
  return decks;
}

/**
 * decks/ids.lock: every published card id, one per line and sorted, then an optional `retired:`
 * section whose lines are `id: reason` for ids that were removed on purpose. Lines starting with
 * `#` and blank lines are comments.
 */
export interface IdsLock {
  ids: string[];
  retired: Map<string, string>;
  errors: string[];
}

export const IDS_LOCK_HEADER = [
  '# Every card id that has been published, one per line, sorted. Progress is attached to card ids,',
  '# so an id listed here must keep existing in some deck (scripts/decks-check.ts fails otherwise).',
  '# Add new ids with: npx tsx scripts/decks-check.ts --update-lock (it appends, never removes).',
  '# To remove a card on purpose, move its id under "retired:" as "id: reason"; a retired id is never',
  '# reused.',
];

export function parseIdsLock(text: string, file = 'decks/ids.lock'): IdsLock {
  const ids: string[] = [];
  const retired = new Map<string, string>();
  const errors: string[] = [];
  let inRetired = false;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    if (line === 'retired:') {
      inRetired = true;
      return;
    }
    if (!inRetired) {
      if (/\s/.test(line)) errors.push(`${file}:${i + 1}: expected one card id per line, got "${line.slice(0, 60)}"`);
      else ids.push(line);
      return;
    }
    const m = /^([a-z0-9-]+)\s*:\s*(.*)$/.exec(line);
    if (!m || m[2]!.trim() === '') errors.push(`${file}:${i + 1}: a retired id needs a reason: "id: why it was removed"`);
    else retired.set(m[1]!, m[2]!.trim());
  });
  return { ids, retired, errors };
}

/** Renders the lock file: header, the sorted ids, then the retired section as it was. */
export function formatIdsLock(ids: Iterable<string>, retired: Map<string, string>): string {
  const sorted = [...new Set(ids)].sort();
  const out = [...IDS_LOCK_HEADER, '', ...sorted];
  if (retired.size > 0) out.push('', 'retired:', ...[...retired].map(([id, why]) => `${id}: ${why}`));
  return out.join('\n') + '\n';
}
