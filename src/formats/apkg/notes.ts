/**
 * Anki notes and cards to plan notes and cards. Only cards present in the package's cards table
 * become cards; non-cloze notes get one rendered side pair per template ordinal; cloze notes keep
 * their `{{cN::…}}` text for the render layer. Ids derive from guids so a re-import updates.
 */
import type { NoteType } from '../../core/types';
import { ankiNoteTypeId, deriveNote, noteTypeIsScriptDriven } from '../notetypes';
import type { PlanCard, PlanNote, PlanReview } from '../plan';
import { countScriptCandidates, localMediaRefs, refVariants } from '../shared/html';
import { cardIdFor, deckIdForName, noteIdForGuid } from '../shared/ids';
import { checkpoint, type JobControl } from '../shared/progress';
import type { DeckResolver } from './decks';
import { rewriteLatex } from './latex';
import type { AnkiCardRow, AnkiCollection, AnkiNotetype } from './model';
import { planReview, planSchedule } from './schedule';
import { hasTypeAnswer, renderTemplate } from './templates';

export interface NotesResult {
  notes: PlanNote[];
  /** The note types the notes use, kept with their fields, templates and CSS. */
  noteTypes: NoteType[];
  cards: PlanCard[];
  revlog: PlanReview[];
  /** Deck names that hold at least one card. */
  deckNamesWithCards: Set<string>;
  /** Media name → plan deck ids whose notes refer to it. */
  mediaDecks: Map<string, Set<string>>;
  missingMedia: string[];
  strippedScripts: number;
  clozeNotes: number;
}

interface Counters {
  noNotetype: number;
  noCards: number;
  orphanCards: number;
  badOrdinal: number;
  unknownFields: Map<string, Set<string>>;
  /** Note type name → cards of script-driven note types (shown as their fields). */
  scriptCards: Map<string, number>;
}

function groupCards(cards: AnkiCardRow[]): Map<number, AnkiCardRow[]> {
  const byNote = new Map<number, AnkiCardRow[]>();
  for (const c of cards) {
    const list = byNote.get(c.nid);
    if (list) list.push(c);
    else byNote.set(c.nid, [c]);
  }
  return byNote;
}

/** Our record of an Anki note type; field names its templates use but it lacks are counted. */
function noteTypeFor(nt: AnkiNotetype, counters: Counters): NoteType {
  const typeIn = nt.templates.some((t) => hasTypeAnswer(t.qfmt) || hasTypeAnswer(t.afmt));
  const kind = nt.cloze ? 'cloze' : typeIn ? 'type-in' : nt.templates.length > 1 ? 'reversed' : 'basic';
  const templates = nt.templates.map((t) => ({ name: t.name, qfmt: t.qfmt, afmt: t.afmt }));
  const fields = new Map(nt.fields.map((f) => [f, 'x']));
  for (const t of nt.templates)
    for (const src of [t.qfmt, t.afmt])
      for (const f of renderTemplate(src, { fields, tags: [], notetype: nt.name, deck: '', card: t.name, frontSide: '' }).unknownFields) {
        const set = counters.unknownFields.get(nt.name) ?? new Set<string>();
        set.add(f);
        counters.unknownFields.set(nt.name, set);
      }
  const base = { name: nt.name, kind, fields: nt.fields, templates } as const;
  return { id: ankiNoteTypeId(nt.id, base), ...base, format: 'html', css: nt.css, builtin: false, latexSvg: nt.latexSvg, mtime: 0, usn: 0 };
}

export async function buildNotes(col: AnkiCollection, decks: DeckResolver, mediaNames: ReadonlySet<string>, warnings: string[], job: JobControl & { progress: (f: number) => void }): Promise<NotesResult> {
  const out: NotesResult = { notes: [], noteTypes: [], cards: [], revlog: [], deckNamesWithCards: new Set(), mediaDecks: new Map(), missingMedia: [], strippedScripts: 0, clozeNotes: 0 };
  const counters: Counters = { noNotetype: 0, noCards: 0, orphanCards: 0, badOrdinal: 0, unknownFields: new Map(), scriptCards: new Map() };
  const cardsByNote = groupCards(col.cards);
  const planCardIds = new Map<number, string>();
  const missing = new Set<string>();
  const seenNoteIds = new Set<string>();
  const types = new Map<number, NoteType>();
  const noteIds = new Set(col.notes.map((n) => n.id));
  counters.orphanCards = col.cards.filter((c) => !noteIds.has(c.nid)).length;

  for (let i = 0; i < col.notes.length; i++) {
    if (i % 500 === 499) {
      job.progress(i / col.notes.length);
      await checkpoint(job.signal);
    }
    const note = col.notes[i]!;
    const nt = col.notetypes.get(note.mid);
    if (!nt) {
      counters.noNotetype++;
      continue;
    }
    const rows = cardsByNote.get(note.id) ?? [];
    if (rows.length === 0) {
      counters.noCards++;
      continue;
    }
    let noteId = noteIdForGuid(note.guid || `nid-${note.id}`);
    // Two notes with one guid (a damaged file): keep both, the second under its own note id.
    if (seenNoteIds.has(noteId)) noteId = noteIdForGuid(`${note.guid}#${note.id}`);
    seenNoteIds.add(noteId);

    const fields = new Map<string, string>();
    nt.fields.forEach((name, ord) => fields.set(name, rewriteLatex(note.fields[ord] ?? '', nt.latexSvg, (n) => mediaNames.has(n))));
    const deckName = decks.nameFor(rows[0]!);
    const deckId = deckIdForName(deckName);
    const cardDeckIds = new Set<string>();
    const cards: PlanCard[] = [];
    const seenOrds = new Set<number>();
    for (const row of rows) {
      if (seenOrds.has(row.ord)) continue;
      if (!nt.cloze && row.ord >= nt.templates.length) {
        counters.badOrdinal++;
        continue;
      }
      seenOrds.add(row.ord);
      const name = decks.nameFor(row);
      out.deckNamesWithCards.add(name);
      const { schedule, newPosition } = planSchedule(row, col.crt);
      const card: PlanCard = { id: cardIdFor(noteId, row.ord), noteId, deckId: deckIdForName(name), ord: row.ord, newPosition, schedule };
      cardDeckIds.add(card.deckId);
      planCardIds.set(row.id, card.id);
      cards.push(card);
    }
    if (cards.length === 0) continue;
    out.cards.push(...cards);

    for (const raw of note.fields) out.strippedScripts += countScriptCandidates(raw);
    for (const value of fields.values()) {
      for (const ref of localMediaRefs(value)) {
        const found = refVariants(ref).find((v) => mediaNames.has(v));
        if (!found) {
          missing.add(ref);
          continue;
        }
        const set = out.mediaDecks.get(found) ?? new Set<string>();
        for (const d of cardDeckIds) set.add(d);
        out.mediaDecks.set(found, set);
      }
    }

    let type = types.get(nt.id);
    if (!type) {
      type = noteTypeFor(nt, counters);
      types.set(nt.id, type);
      out.noteTypes.push(type);
    }
    if (noteTypeIsScriptDriven(type)) counters.scriptCards.set(nt.name, (counters.scriptCards.get(nt.name) ?? 0) + cards.length);
    const values = nt.fields.map((n) => fields.get(n) ?? '');
    const derived = deriveNote({ fields: values, tags: note.tags, deckName, cards: cards.length }, type);
    if (derived.kind === 'cloze') out.clozeNotes++;
    out.notes.push({ id: noteId, deckId, tags: note.tags, topics: [], guid: note.guid, mtime: note.mod * 1000, noteType: nt.name, noteTypeId: type.id, fields: values, ...derived });
  }

  for (const row of col.revlog) {
    const cardId = planCardIds.get(row.cid);
    const review = cardId ? planReview(row, cardId) : undefined;
    if (review) out.revlog.push(review);
  }
  out.missingMedia = [...missing].sort();
  reportCounters(counters, warnings);
  return out;
}

function reportCounters(c: Counters, warnings: string[]): void {
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  if (c.noNotetype) warnings.push(`${plural(c.noNotetype, 'note was', 'notes were')} skipped because the package lacks their note type.`);
  if (c.noCards) warnings.push(`${plural(c.noCards, 'note has', 'notes have')} no cards in the package and ${c.noCards === 1 ? 'was' : 'were'} skipped.`);
  if (c.orphanCards) warnings.push(`${plural(c.orphanCards, 'card belongs', 'cards belong')} to no note in the package and ${c.orphanCards === 1 ? 'was' : 'were'} skipped.`);
  if (c.badOrdinal) warnings.push(`${plural(c.badOrdinal, 'card refers', 'cards refer')} to a card template its note type lacks and ${c.badOrdinal === 1 ? 'was' : 'were'} skipped.`);
  for (const [nt, n] of c.scriptCards)
    warnings.push(`The note type "${nt}" relies on scripts, which never run here; ${plural(n, 'card', 'cards')} will show ${n === 1 ? 'its' : 'their'} fields as text.`);
  for (const [nt, fields] of c.unknownFields)
    warnings.push(`The templates of "${nt}" refer to missing field${fields.size === 1 ? '' : 's'} ${[...fields].map((f) => `"${f}"`).join(', ')}; ${fields.size === 1 ? 'it shows' : 'they show'} as empty.`);
}
