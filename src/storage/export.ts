/** Reading one deck (with its sub-decks) for export. */
import { packedOfCards, packsOf } from './log-packs';
import type { CardRecord, Deck, MediaBytes, Note, NoteType, ReviewLogRecord } from '../core/types';
import { AppError, ErrorCode } from '../core/errors';
import { openDatabase } from './db';
import { deckPackRange } from './pack-format';
import { mergeById, unpackAll } from './packs';

export interface DeckExport {
  decks: Deck[];
  notes: Note[];
  /** The stored note types the notes use (imported Anki types; built-in ones are not listed). */
  noteTypes: NoteType[];
  cards: CardRecord[];
  revlog: ReviewLogRecord[];
  media: MediaBytes[];
}

export async function readDeckForExport(deckId: string, dbName?: string): Promise<DeckExport> {
  const db = await openDatabase(dbName);
  const root = await db.get('decks', deckId);
  if (!root) throw new AppError(ErrorCode.NotFound, 'That deck no longer exists.');
  const decks = (await db.getAll('decks')).filter((d) => d.id === deckId || d.name.startsWith(`${root.name}::`));
  const out: DeckExport = { decks, notes: [], noteTypes: [], cards: [], revlog: [], media: [] };
  for (const d of decks) {
    const tx = db.transaction(['notes', 'cards', 'media', 'packs']);
    const [notes, cards, media, packs] = await Promise.all([
      tx.objectStore('notes').index('byDeck').getAll(d.id),
      tx.objectStore('cards').index('byDeck').getAll(d.id),
      tx.objectStore('media').index('byDeck').getAll(d.id),
      tx.objectStore('packs').getAll(deckPackRange(d.id)),
    ]);
    await tx.done;
    // Never-studied notes of large imports (packs.ts) are exported like every other note.
    const fromPacks = unpackAll(packs);
    out.notes.push(...mergeById(notes, fromPacks.notes));
    out.cards.push(...mergeById(cards, fromPacks.cards));
    for (const m of media) out.media.push({ id: m.id, deckId: m.deckId, name: m.name, mime: m.mime, data: new Uint8Array(await m.data.arrayBuffer()) });
  }
  const typeIds = new Set(out.notes.map((n) => n.noteTypeId));
  out.noteTypes = (await db.getAll('notetypes')).filter((t) => typeIds.has(t.id) && !t.builtin);
  const ids = new Set(out.cards.map((c) => c.id));
  const tx = db.transaction('revlog');
  for (const id of ids) out.revlog.push(...(await tx.store.index('byCard').getAll(id)));
  await tx.done;
  // Synced history stored packed (log-packs.ts), in time order with the rest.
  const packed = [...(await packedOfCards(packsOf(db), ids)).values()].flat();
  if (packed.length) out.revlog = [...out.revlog, ...packed].sort((a, b) => a.time - b.time);
  return out;
}
