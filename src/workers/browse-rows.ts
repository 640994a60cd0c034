/** Cards and notes as Browse lists them (shared by the search worker and Browse's first page). */
import type { CardRecord, Note } from '../core/types';
import type { BrowseNote, BrowseRow } from '../core/search';
import { fieldText } from '../render/text';

export function browseRow(c: CardRecord): BrowseRow {
  return { id: c.id, noteId: c.noteId, deckId: c.deckId, ord: c.ord, state: c.state, bucket: c.bucket, due: c.due, interval: c.scheduled_days, difficulty: c.difficulty, lapses: c.lapses, flag: c.flag ?? 0, mtime: c.mtime };
}

export function browseNote(n: Note): BrowseNote {
  return {
    id: n.id,
    deckId: n.deckId,
    tags: n.tags,
    lowerTags: n.tags.map((t) => t.toLowerCase()),
    topics: n.topics,
    edited: n.editedAt !== undefined,
    addedAt: n.addedAt ?? n.mtime,
    mtime: n.mtime,
    preview: fieldText(n.front, n.format, 160),
    answer: fieldText(n.back, n.format, 120),
  };
}

