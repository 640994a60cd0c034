/**
 * What a note shows: the derivation of a note's render cache (`kind`, `format`, `front`, `back`, `answer`, `sides`) from
 * its fields and note type. Readers, the record layer and the editor all derive through here, so
 * an edited field shows exactly as an imported one would. Pure: no DOM, no IndexedDB.
 */
import type { Note, NoteSide, NoteType } from '../../core/types';
import { clozeFieldNames, fieldsReferenced, hasTypeAnswer, hasTypeCloze, isScriptDriven, renderTemplate, stripTts, trimBreaks } from '../apkg/templates';
import { escapeHtml, isBlankHtml } from '../shared/html';
import { stableHash } from '../shared/hash';
import { clozeNumbers } from '../prepdeck/parse';

/** What a note shows, derived from its fields: the render layer reads only these. */
export type Derived = Pick<Note, 'kind' | 'format' | 'front' | 'back'> & { answer?: string; sides?: NoteSide[] };

export interface DeriveInput {
  fields: readonly string[];
  tags: readonly string[];
  /** Full deck name, for Anki's `{{Deck}}` and `{{Subdeck}}`. */
  deckName?: string;
  /** How many cards a non-cloze Anki note has (one of two templates: "basic", not "reversed"). */
  cards?: number;
}

/** Image Occlusion shapes in cloze text (Anki 23.10+; see render/occlusion.ts). */
export function isOcclusionText(text: string): boolean {
  return /\{\{c\d+(?:,\d+)*::image-occlusion:/.test(text);
}

const scriptDriven = new WeakMap<object, boolean>();

/** Whether a note type's cards are built by its script (cached per note type object). */
export function noteTypeIsScriptDriven(nt: Pick<NoteType, 'kind' | 'templates' | 'builtin'>): boolean {
  if (nt.builtin || nt.kind === 'cloze') return false;
  let v = scriptDriven.get(nt.templates);
  if (v === undefined) {
    v = isScriptDriven(nt.templates);
    scriptDriven.set(nt.templates, v);
  }
  return v;
}

/** A field name that says it holds the answer key of a multiple-choice type. */
const ANSWER_KEY = /^(?:answers?|solutions?|correct(?: answers?)?|key|right answers?)$/i;

/** Labelled blocks of a note's non-empty fields (what a script-driven card shows instead). */
function fieldBlocks(names: readonly string[], fields: ReadonlyMap<string, string>): string {
  return names
    .filter((n) => !isBlankHtml(fields.get(n) ?? ''))
    .map((n) => `<div class="anki-field"><div class="anki-field-name">${escapeHtml(n)}</div><div class="anki-field-value">${stripTts(fields.get(n) ?? '')}</div></div>`)
    .join('');
}

/**
 * Sides of a script-driven note: the front shows the fields its template uses (minus an answer
 * key such as "Answers: 1 0 0 0"), the back every non-empty field.
 */
function scriptSides(nt: NoteType, fields: ReadonlyMap<string, string>): NoteSide[] {
  return nt.templates.map((t) => {
    const frontNames = fieldsReferenced(t.qfmt).filter((n) => fields.has(n) && !ANSWER_KEY.test(n) && !/^[\s01]+$/.test(fields.get(n) ?? ''));
    return { front: fieldBlocks(frontNames, fields), back: fieldBlocks(nt.fields, fields) };
  });
}

export function deriveNote(input: DeriveInput, nt: NoteType): Derived {
  const f = (i: number) => input.fields[i] ?? '';
  if (nt.builtin) {
    const out: Derived = { kind: nt.kind, format: nt.format, front: f(0), back: f(1) };
    if (nt.kind === 'type-in') out.answer = f(2);
    return out;
  }
  const fields = new Map(nt.fields.map((name, i) => [name, f(i)]));
  const ctx = { fields, tags: input.tags, notetype: nt.name, deck: input.deckName ?? '' };
  if (nt.kind === 'cloze') {
    const t = nt.templates[0];
    const names = t ? clozeFieldNames(t.qfmt) : [];
    const values = (names.length ? names : nt.fields.slice(0, 1)).map((n) => fields.get(n) ?? '').filter((v) => !isBlankHtml(v));
    const back = t ? trimBreaks(renderTemplate(t.afmt, { ...ctx, card: t.name, frontSide: '', blankCloze: true }).html) : '';
    const front = values.join('<br>');
    const out: Derived = { kind: 'cloze', format: 'html', front, back };
    // `{{type:cloze:Text}}`: an empty `answer` says "type the card's deletion" (render/index.ts).
    if (t && (hasTypeCloze(t.qfmt) || hasTypeCloze(t.afmt))) out.answer = '';
    if (t && isOcclusionText(front)) {
      // Image Occlusion: the template's own layout (header, image, back extra), rendered once;
      // the renderer lays the masks over the image for each cloze number.
      const q = renderTemplate(t.qfmt, { ...ctx, card: t.name, blankCloze: true }).html;
      out.sides = [{ front: q, back: renderTemplate(t.afmt, { ...ctx, card: t.name, frontSide: q, blankCloze: true }).html }];
    }
    return out;
  }
  const script = noteTypeIsScriptDriven(nt);
  const sides: NoteSide[] = script ? scriptSides(nt, fields) : nt.templates.map((t) => {
    const front = renderTemplate(t.qfmt, { ...ctx, card: t.name });
    const back = renderTemplate(t.afmt, { ...ctx, card: t.name, frontSide: front.html });
    const typeAnswer = front.typeAnswer ?? back.typeAnswer;
    return { front: front.html, back: back.html, ...(typeAnswer !== undefined ? { typeAnswer } : {}) };
  });
  const typeIn = nt.templates.some((t) => hasTypeAnswer(t.qfmt) || hasTypeAnswer(t.afmt));
  const typeAnswer = sides.find((s) => s.typeAnswer !== undefined)?.typeAnswer;
  const values = nt.fields.map((n) => fields.get(n) ?? '');
  return {
    kind: typeIn ? 'type-in' : (input.cards ?? nt.templates.length) > 1 ? 'reversed' : 'basic',
    format: 'html',
    front: values[0] ?? '',
    back: values.slice(1).filter((v) => !isBlankHtml(v)).join('<br>'),
    ...(typeIn && typeAnswer !== undefined ? { answer: typeAnswer } : {}),
    sides,
  };
}

/**
 * The card ordinals a note should have. Built-in and cloze types follow the content (cloze
 * numbers); an imported Anki type has a card per template whose front is not empty (Anki's rule).
 */
export function noteOrdinals(derived: Derived, nt: NoteType): number[] {
  if (derived.kind === 'cloze') return clozeNumbers(derived.front).map((n) => n - 1);
  if (nt.builtin) return nt.kind === 'reversed' ? [0, 1] : [0];
  return (derived.sides ?? []).flatMap((s, i) => (isBlankHtml(s.front) ? [] : [i]));
}

/**
 * A stable id for an imported Anki note type: the same type in the same file keeps its id on
 * re-import, while two files whose "Basic" types differ (same Anki id, other templates) do not
 * overwrite each other.
 */
export function ankiNoteTypeId(mid: number, nt: Pick<NoteType, 'name' | 'fields' | 'templates' | 'kind'>): string {
  return `anki-nt-${mid}-${stableHash(JSON.stringify([nt.name, nt.kind, nt.fields, nt.templates.map((t) => [t.name, t.qfmt, t.afmt])]))}`;
}

