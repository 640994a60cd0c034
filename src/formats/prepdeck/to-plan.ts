/**
 * Our own deck format (docs/deck-format.md) to an ImportPlan. Note ids are the card ids of the
 * file and card ids follow the built-in scheme (storage/builtin.ts `builtinCardId`: the note id
 * for ordinal 0, `<note id>~<ord>` after), so importing an exported built-in deck meets its cards.
 */
import type { ImportPlan, PlanCard, PlanNote } from '../plan';
import { deckAncestors, deckIdForName, deckNameFromFile } from '../shared/ids';
import { cardOrdinals, DECK_ID_RE, type ParsedDeckFile } from './parse';

export function prepdeckCardId(noteId: string, ord: number): string {
  return ord === 0 ? noteId : `${noteId}~${ord}`;
}

export function prepdeckPlan(parsed: ParsedDeckFile, fileName: string, now: number): ImportPlan {
  const warnings = parsed.errors.slice(0, 10);
  if (parsed.errors.length > 10) warnings.push(`… and ${parsed.errors.length - 10} more problems in the file.`);
  const name = parsed.meta.name?.trim() || deckNameFromFile(fileName);
  const deckId = parsed.meta.id && DECK_ID_RE.test(parsed.meta.id) ? parsed.meta.id : deckIdForName(name);
  const notes: PlanNote[] = [];
  const cards: PlanCard[] = [];
  const seen = new Set<string>();
  let clozeNotes = 0;
  for (const c of parsed.cards) {
    const ords = cardOrdinals(c.kind, c.front);
    if (seen.has(c.id) || c.front === '' || ords.length === 0) {
      warnings.push(`${c.file}:${c.line}: card "${c.id}" was skipped (${seen.has(c.id) ? 'its id is used twice' : c.front === '' ? 'its front is empty' : 'it has no cloze deletion'}).`);
      continue;
    }
    seen.add(c.id);
    if (c.kind === 'cloze') clozeNotes++;
    notes.push({
      id: c.id, deckId, kind: c.kind, format: 'markdown', front: c.front, back: c.back, tags: c.tags, topics: c.topics, guid: c.id, mtime: now,
      ...(c.answer !== undefined ? { answer: c.answer } : {}),
      ...(c.difficulty ? { difficulty: c.difficulty } : {}),
      ...(c.story ? { story: true } : {}),
    });
    for (const ord of ords) cards.push({ id: prepdeckCardId(c.id, ord), noteId: c.id, deckId, ord, newPosition: cards.length });
  }
  return {
    format: 'prepdeck',
    // A `::` name is a sub-deck: its parents are created too, named like any imported deck.
    decks: [
      ...deckAncestors(name).map((parent) => ({ id: deckIdForName(parent), name: parent })),
      { id: deckId, name, ...(parsed.meta.description ? { description: parsed.meta.description } : {}) },
    ],
    notes,
    cards,
    revlog: [],
    media: [],
    warnings,
    stats: { clozeNotes, mediaInMap: 0, missingMedia: [], strippedScripts: 0 },
  };
}
