/**
 * Stable ids for imported things, so importing the same file again updates what the first
 * import created instead of duplicating it. Every reader that names decks by their name uses
 * `deckIdForName`, so an .apkg deck and a CSV imported into the same deck name meet in one deck.
 */
import { stableHash } from './hash';

const SAFE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Canonical deck name: `::` between trimmed, non-empty levels. */
export function normalizeDeckName(name: string): string {
  return name
    .split('::')
    .map((part) => part.replace(/\s+/g, ' ').trim())
    .filter((part) => part !== '')
    .join('::');
}

/** Deck names compare case-insensitively in Anki (`COLLATE unicase`), so the id does too. */
export function deckIdForName(name: string): string {
  return `anki-deck-${stableHash(normalizeDeckName(name).normalize('NFC').toLowerCase())}`;
}

/** `anki-<guid>` when the guid is already id-safe, else `anki-h<hash of the guid>`. */
export function noteIdForGuid(guid: string): string {
  return SAFE_ID.test(guid) && guid.length <= 40 ? `anki-${guid}` : `anki-h${stableHash(guid)}`;
}

export function cardIdFor(noteId: string, ord: number): string {
  return `${noteId}-${ord}`;
}

/** Every ancestor of a deck name, outermost first (`A::B::C` gives `A`, `A::B`). */
export function deckAncestors(name: string): string[] {
  const parts = name.split('::');
  return parts.slice(1).map((_, i) => parts.slice(0, i + 1).join('::'));
}

/** A deck name from a file name: no folders, no extension (`~/Downloads/Spanish verbs.csv` → `Spanish verbs`). */
export function deckNameFromFile(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const name = base.replace(/\.[a-z0-9]{1,10}$/i, '').replace(/[_]+/g, ' ').trim();
  return normalizeDeckName(name) || 'Imported';
}
