/**
 * Loads the built-in decks into the database, idempotently. Card ids are stable (note id plus
 * ordinal), so a new app version adds and edits built-in cards without touching any progress:
 * existing cards keep their scheduling, new ones arrive as new cards, removed ones go.
 */
import type { CompiledDeck, CompiledIndex } from '../formats/prepdeck/compiled';
import { cardOrdinals } from '../formats/prepdeck/parse';
import { newCard } from '../core/scheduler';
import type { Note } from '../core/types';
import { openDatabase } from './db';
import { abandonTransaction, asStorageError } from './errors';
import { markDeckTotalsStale } from './deck-totals';

export function builtinCardId(noteId: string, ord: number): string {
  return ord === 0 ? noteId : `${noteId}~${ord}`;
}

type Applied = Record<string, string>;

/** Applies one compiled deck in one transaction (deck, notes, cards and the applied hash). */
export async function applyBuiltinDeck(deck: CompiledDeck, now: number, dbName?: string): Promise<{ added: number; removed: number }> {
  const db = await openDatabase(dbName);
  const tx = db.transaction(['meta', 'decks', 'notes', 'cards'], 'readwrite');
  const writes: Promise<unknown>[] = [];
  try {
    const decks = tx.objectStore('decks');
    const notes = tx.objectStore('notes');
    const cards = tx.objectStore('cards');
    const existingDeck = await decks.get(deck.id);
    await decks.put({ id: deck.id, name: deck.name, description: deck.description, source: 'builtin', createdAt: existingDeck?.createdAt ?? now, updatedAt: now });
    const oldNoteIds = new Set(await notes.index('byDeck').getAllKeys(deck.id));
    let added = 0;
    let position = 0;
    const planned: { id: string; noteId: string; ord: number; position: number }[] = [];
    for (const n of deck.notes) {
      const note: Note = { ...n, deckId: deck.id, format: 'markdown', guid: n.id, mtime: now, updatedAt: now };
      writes.push(notes.put(note));
      oldNoteIds.delete(n.id);
      for (const ord of cardOrdinals(n.kind, n.front)) planned.push({ id: builtinCardId(n.id, ord), noteId: n.id, ord, position: position++ });
    }
    // All lookups at once: one round trip instead of one per card.
    const existing = await Promise.all(planned.map((p) => cards.get(p.id)));
    const wanted = new Set<string>();
    const touched = new Set<string>();
    planned.forEach((p, i) => {
      wanted.add(p.id);
      const found = existing[i];
      if (!found) {
        writes.push(cards.put(newCard({ ...p, deckId: deck.id })));
        touched.add(deck.id);
        added++;
      } else if (found.deckId !== deck.id || found.noteId !== p.noteId) {
        writes.push(cards.put({ ...found, deckId: deck.id, noteId: p.noteId }));
        touched.add(deck.id).add(found.deckId);
      }
    });
    // Cards of this deck that the new version no longer has (a removed note or cloze number).
    let removed = 0;
    for (const key of await cards.index('byDeck').getAllKeys(deck.id)) {
      if (!wanted.has(key)) {
        writes.push(cards.delete(key));
        touched.add(deck.id);
        removed++;
      }
    }
    for (const id of oldNoteIds) writes.push(notes.delete(id));
    const meta = tx.objectStore('meta');
    if (touched.size) await markDeckTotalsStale(meta, touched);
    const applied = ((await meta.get('builtin')) as Applied | undefined) ?? {};
    await meta.put({ ...applied, [deck.id]: deck.hash }, 'builtin');
    await Promise.all([...writes, tx.done]);
    return { added, removed };
  } catch (e) {
    await abandonTransaction(tx, writes);
    throw asStorageError(e, `The built-in deck "${deck.name}" could not be loaded`);
  }
}

/** The built-in decks of `index` whose shipped version this database does not have yet. */
export async function builtinDecksToApply(index: CompiledIndex, dbName?: string): Promise<CompiledIndex['decks']> {
  const db = await openDatabase(dbName);
  const applied = ((await db.get('meta', 'builtin')) as Applied | undefined) ?? {};
  return index.decks.filter((d) => applied[d.id] !== d.hash);
}

/**
 * Brings the built-in decks up to date with `index`, fetching only decks whose hash changed.
 * Returns the ids of the decks it applied.
 */
export async function syncBuiltinDecks(index: CompiledIndex, fetchDeck: (file: string) => Promise<CompiledDeck>, now: number, dbName?: string): Promise<string[]> {
  const changed = await builtinDecksToApply(index, dbName);
  for (const d of changed) await applyBuiltinDeck(await fetchDeck(d.file), now, dbName);
  return changed.map((d) => d.id);
}
