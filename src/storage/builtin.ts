/**
 * Loads the built-in decks into the database, idempotently. Card ids are stable (note id plus
 * ordinal), so a new app version adds and edits built-in cards without touching any progress:
 * existing cards keep their scheduling, new ones arrive as new cards, removed ones go.
 */
import type { CompiledDeck, CompiledIndex } from '../formats/prepdeck/compiled';
import { cardOrdinals } from '../formats/prepdeck/parse';
import { newCard } from '../core/buckets';
import type { Deck, Note } from '../core/types';
import { builtinNoteTypeId, fieldsFromContent } from '../formats/notetypes/index';
import { nextStamp, stamped } from './stamp';
import { openDatabase } from './db';
import { abandonTransaction, asStorageError } from './errors';
import { markDeckTotalsStale } from './deck-totals';

export function builtinCardId(noteId: string, ord: number): string {
  return ord === 0 ? noteId : `${noteId}~${ord}`;
}

import { builtinDecksToApply, type Applied } from './builtin-check';

export { builtinDecksToApply };

/** The note a compiled built-in note stands for (before any user edit). */
function shippedNote(n: CompiledDeck['notes'][number], deckId: string): Omit<Note, 'mtime' | 'usn'> {
  const fields = fieldsFromContent(n.kind, n.front, n.back, n.answer);
  return { ...n, deckId, format: 'markdown', noteTypeId: builtinNoteTypeId(n.kind, 'markdown'), fields, guid: n.id, source: 'builtin' };
}

/** Whether writing `next` over `old` would change nothing (so the record keeps its stamp). */
function sameNote(old: Note, next: Omit<Note, 'mtime' | 'usn'>): boolean {
  const strip = ({ mtime: _m, usn: _u, ...rest }: Partial<Note>) => rest;
  return JSON.stringify(strip(old), Object.keys(strip(old)).sort()) === JSON.stringify(strip(next as Note), Object.keys(strip(next as Note)).sort());
}

/**
 * Applies one compiled deck in one transaction (deck, notes, cards and the applied hash). A note
 * the user edited keeps the user's fields and tags; the shipped version is kept beside it as
 * `original` (for "restore original"). Unchanged notes are not written again (their stamps stay,
 * so the change feed shows only what this update changed); removed notes and cards leave
 * tombstones, except notes the user edited, which are the user's now.
 */
export async function applyBuiltinDeck(deck: CompiledDeck, now: number, dbName?: string): Promise<{ added: number; removed: number }> {
  const db = await openDatabase(dbName);
  const tx = db.transaction(['meta', 'decks', 'notes', 'cards', 'graves'], 'readwrite');
  const writes: Promise<unknown>[] = [];
  try {
    const decks = tx.objectStore('decks');
    const notes = tx.objectStore('notes');
    const cards = tx.objectStore('cards');
    const meta = tx.objectStore('meta');
    const [existingDeck, oldNotes, stamp] = await Promise.all([decks.get(deck.id), notes.index('byDeck').getAll(deck.id), nextStamp(meta, now)]);
    const deckRecord: Deck = { id: deck.id, name: deck.name, description: deck.description, source: 'builtin', createdAt: existingDeck?.createdAt ?? now, mtime: stamp.mtime, usn: stamp.usn };
    if (!existingDeck || existingDeck.name !== deck.name || existingDeck.description !== deck.description || existingDeck.source !== 'builtin') writes.push(decks.put(deckRecord));
    const oldById = new Map(oldNotes.map((n) => [n.id, n]));
    let added = 0;
    let position = 0;
    const planned: { id: string; noteId: string; ord: number; position: number }[] = [];
    for (const n of deck.notes) {
      const shipped = shippedNote(n, deck.id);
      const old = oldById.get(n.id);
      oldById.delete(n.id);
      let next: Omit<Note, 'mtime' | 'usn'> = { ...shipped, addedAt: old ? (old.addedAt ?? old.mtime) : now };
      if (old?.editedAt !== undefined) {
        // The user's fields and tags win; what we ship waits in `original`.
        const { mtime: _m, usn: _u, ...kept } = old;
        next = { ...kept, topics: shipped.topics, original: { fields: shipped.fields, tags: shipped.tags } };
        if (shipped.difficulty) next.difficulty = shipped.difficulty;
      }
      if (!old || !sameNote(old, next)) writes.push(notes.put({ ...next, mtime: stamp.mtime, usn: stamp.usn } as Note));
      const cardSource = old?.editedAt !== undefined ? old : shipped;
      for (const ord of cardOrdinals(cardSource.kind, cardSource.front)) planned.push({ id: builtinCardId(n.id, ord), noteId: n.id, ord, position: position++ });
    }
    // Notes this version no longer ships: gone, unless the user edited them (then they stay, with
    // their cards, as the user's own).
    for (const old of oldById.values()) {
      if (old.editedAt === undefined) continue;
      oldById.delete(old.id);
      for (const c of await cards.index('byNote').getAll(old.id)) planned.push({ id: c.id, noteId: old.id, ord: c.ord, position: c.due });
    }
    // All lookups at once: one round trip instead of one per card.
    const existing = await Promise.all(planned.map((p) => cards.get(p.id)));
    const wanted = new Set<string>();
    const touched = new Set<string>();
    planned.forEach((p, i) => {
      wanted.add(p.id);
      const found = existing[i];
      if (!found) {
        writes.push(cards.put(stamped(newCard({ ...p, deckId: deck.id }), stamp)));
        touched.add(deck.id);
        added++;
      } else if (found.deckId !== deck.id || found.noteId !== p.noteId) {
        // A card the user moved to another deck stays there.
        if (found.noteId !== p.noteId) writes.push(cards.put(stamped({ ...found, noteId: p.noteId }, stamp)));
      }
    });
    // Cards of this deck's notes that the new version no longer has (a removed note or cloze number).
    let removed = 0;
    const graves = tx.objectStore('graves');
    const ours = new Set(planned.map((p) => p.noteId));
    const gone = [...oldById.keys()];
    const [inDeck, ofGone] = await Promise.all([cards.index('byDeck').getAll(deck.id), Promise.all(gone.map((id) => cards.index('byNote').getAll(id)))]);
    const drop = [...inDeck.filter((c) => ours.has(c.noteId) && !wanted.has(c.id)), ...ofGone.flat()];
    for (const c of drop) {
      writes.push(cards.delete(c.id));
      writes.push(graves.put({ key: `card:${c.id}`, kind: 'card', id: c.id, ...stamp }));
      touched.add(c.deckId);
      removed++;
    }
    for (const id of gone) {
      writes.push(notes.delete(id));
      writes.push(graves.put({ key: `note:${id}`, kind: 'note', id, ...stamp }));
    }
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

/**
 * Brings the built-in decks up to date with `index`, fetching only decks whose hash changed.
 * Returns the ids of the decks it applied.
 */
export async function syncBuiltinDecks(index: CompiledIndex, fetchDeck: (file: string) => Promise<CompiledDeck>, now: number, dbName?: string): Promise<string[]> {
  const changed = await builtinDecksToApply(index, dbName);
  for (const d of changed) await applyBuiltinDeck(await fetchDeck(d.file), now, dbName);
  return changed.map((d) => d.id);
}
