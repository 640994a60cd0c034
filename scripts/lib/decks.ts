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
