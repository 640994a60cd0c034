/**
 * Reading and unpacking the `packs` store (the format is in pack-format.ts): today's new cards
 * are moved to the indexed stores before the queue is read, and every reader that lists notes or
 * cards (export, backup) sees packed ones as the records they stand for.
 */
import { QueueBucket, type CardRecord, type Note } from '../core/types';
import type { DB } from './db';
import { abandonTransaction, asStorageError } from './errors';
import { deckPackRange, packDirectory, unpack, type PackRecord } from './pack-format';
import { shrinkPack } from './packed';

const MAX = Number.MAX_SAFE_INTEGER;

/** Pack keys of one deck, or of every deck for 'all'. */
const scopeRange = (scope: string | 'all') => (scope === 'all' ? undefined : deckPackRange(scope));

/** Whether `scope` has any packed note (one key, no values read). */
export async function hasPacks(db: DB, scope: string | 'all'): Promise<boolean> {
  return (await db.getAllKeys('packs', scopeRange(scope), 1)).length > 0;
}

/**
 * Makes sure that every deck of `scope` with packed notes has at least `want` new cards in the
 * indexed stores (or all it has), taking notes from its first pack on, in introduction order:
 * the queue then reads today's new cards from the card indexes as always. Moving a note is one
 * transaction (its note and card records written, the pack rewritten without it), so a card is
 * never in both places nor in neither. Deck totals count packed cards, so they do not change.
 * Returns the number of cards moved.
 */
export async function topUpNewCards(db: DB, scope: string | 'all', want: number): Promise<number> {
  if (want <= 0) return 0;
  const tx = db.transaction(['packs', 'packIndex', 'notes', 'cards'], 'readwrite');
  const writes: Promise<unknown>[] = [];
  try {
    const packs = tx.objectStore('packs');
    const notes = tx.objectStore('notes');
    const cards = tx.objectStore('cards');
    // Read again inside the transaction: another tab may have moved these notes meanwhile.
    const dir = packDirectory(await packs.getAllKeys(scopeRange(scope)));
    const counts = await Promise.all(
      dir.decks.map(async (deckId) => {
        const newRange = IDBKeyRange.bound([deckId, QueueBucket.New, -MAX], [deckId, QueueBucket.New, MAX]);
        let need = want - (await cards.index('byDeckBucketDue').getAllKeys(newRange, want)).length;
        let moved = 0;
        for (const key of dir.get(deckId)!.keys) {
          if (need <= 0) break;
          const pack = await packs.get(key);
          if (!pack) continue;
          const perNote = new Map<string, number>();
          for (const c of pack.cards) perNote.set(c.noteId, (perNote.get(c.noteId) ?? 0) + 1);
          const take = new Set<string>();
          for (const n of pack.notes) {
            if (need <= 0) break;
            take.add(n.id);
            need -= perNote.get(n.id) ?? 0;
          }
          const { notes: ns, cards: cs } = unpack(pack);
          for (const n of ns) if (take.has(n.id)) writes.push(notes.put(n));
          for (const c of cs)
            if (take.has(c.noteId)) {
              writes.push(cards.put(c));
              moved++;
            }
          shrinkPack({ packs, packIndex: tx.objectStore('packIndex') }, pack, take, writes);
        }
        return moved;
      }),
    );
    await Promise.all([...writes, tx.done]);
    return counts.reduce((a, b) => a + b, 0);
  } catch (e) {
    await abandonTransaction(tx, writes);
    throw asStorageError(e, 'Today’s new cards could not be prepared');
  }
}

/** The notes and cards held in packs (of one deck, or of all), as the records they stand for. */
export function unpackAll(packs: PackRecord[]): { notes: Note[]; cards: CardRecord[] } {
  const notes: Note[] = [];
  const cards: CardRecord[] = [];
  for (const p of packs) {
    const u = unpack(p);
    for (const n of u.notes) notes.push(n);
    for (const c of u.cards) cards.push(c);
  }
  return { notes, cards };
}

/** Merges two id-sorted record lists into one id-sorted list (the order of a store's getAll). */
export function mergeById<T extends { id: string }>(a: T[], b: T[]): T[] {
  if (!b.length) return a;
  return [...a, ...b].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}
