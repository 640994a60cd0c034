/**
 * What a schema-11 collection (collection.anki2) needs besides rows: the tables, and the JSON
 * Anki keeps in `col` for note types, decks and deck options. Our note types carry their own
 * names ("Prepdeck …") so importing into Anki never collides with a user's stock "Basic".
 */
import type { NoteKind } from '../../core/types';

export const SCHEMA_11_SQL = `
CREATE TABLE col (id integer primary key, crt integer not null, mod integer not null, scm integer not null,
  ver integer not null, dty integer not null, usn integer not null, ls integer not null, conf text not null,
  models text not null, decks text not null, dconf text not null, tags text not null);
CREATE TABLE notes (id integer primary key, guid text not null, mid integer not null, mod integer not null,
  usn integer not null, tags text not null, flds text not null, sfld integer not null, csum integer not null,
  flags integer not null, data text not null);
CREATE TABLE cards (id integer primary key, nid integer not null, did integer not null, ord integer not null,
  mod integer not null, usn integer not null, type integer not null, queue integer not null, due integer not null,
  ivl integer not null, factor integer not null, reps integer not null, lapses integer not null, left integer not null,
  odue integer not null, odid integer not null, flags integer not null, data text not null);
CREATE TABLE revlog (id integer primary key, cid integer not null, usn integer not null, ease integer not null,
  ivl integer not null, lastIvl integer not null, factor integer not null, time integer not null, type integer not null);
CREATE TABLE graves (usn integer not null, oid integer not null, type integer not null);
CREATE INDEX ix_notes_usn on notes (usn);
CREATE INDEX ix_cards_usn on cards (usn);
CREATE INDEX ix_revlog_usn on revlog (usn);
CREATE INDEX ix_cards_nid on cards (nid);
CREATE INDEX ix_cards_sched on cards (did, queue, due);
CREATE INDEX ix_revlog_cid on revlog (cid);
CREATE INDEX ix_notes_csum on notes (csum);
`;

const CSS = '.card {\n  font-family: arial;\n  font-size: 20px;\n  text-align: center;\n  color: black;\n  background-color: white;\n}\n.cloze {\n  font-weight: bold;\n  color: blue;\n}\n';
const LATEX_PRE = '\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n';
const LATEX_POST = '\\end{document}';
const ANSWER = '{{FrontSide}}\n\n<hr id=answer>\n\n';

export interface ModelSpec {
  id: number;
  name: string;
  cloze: boolean;
  fields: string[];
  templates: { name: string; qfmt: string; afmt: string }[];
  /** An imported note type's own CSS (ours use the shared one). */
  css?: string;
}

/** Fixed ids: re-exports reuse the note types an earlier import created in Anki. */
export const MODELS: Record<NoteKind, ModelSpec> = {
  basic: { id: 1700000000101, name: 'Prepdeck Basic', cloze: false, fields: ['Front', 'Back'], templates: [{ name: 'Card 1', qfmt: '{{Front}}', afmt: `${ANSWER}{{Back}}` }] },
  reversed: {
    id: 1700000000102,
    name: 'Prepdeck Basic (and reversed card)',
    cloze: false,
    fields: ['Front', 'Back'],
    templates: [
      { name: 'Card 1', qfmt: '{{Front}}', afmt: `${ANSWER}{{Back}}` },
      { name: 'Card 2', qfmt: '{{Back}}', afmt: `${ANSWER}{{Front}}` },
    ],
  },
  'type-in': {
    id: 1700000000103,
    name: 'Prepdeck Type-in',
    cloze: false,
    fields: ['Front', 'Back', 'Extra'],
    templates: [{ name: 'Card 1', qfmt: '{{Front}}\n\n{{type:Back}}', afmt: '{{Front}}\n\n<hr id=answer>\n\n{{type:Back}}{{#Extra}}<br><br>{{Extra}}{{/Extra}}' }],
  },
  cloze: { id: 1700000000104, name: 'Prepdeck Cloze', cloze: true, fields: ['Text', 'Back Extra'], templates: [{ name: 'Cloze', qfmt: '{{cloze:Text}}', afmt: '{{cloze:Text}}<br>\n{{Back Extra}}' }] },
};

export function modelJson(spec: ModelSpec, deckId: number, mod: number): Record<string, unknown> {
  return {
    id: spec.id,
    name: spec.name,
    type: spec.cloze ? 1 : 0,
    mod,
    usn: -1,
    sortf: 0,
    did: deckId,
    tmpls: spec.templates.map((t, ord) => ({ name: t.name, ord, qfmt: t.qfmt, afmt: t.afmt, bqfmt: '', bafmt: '', did: null, bfont: '', bsize: 0 })),
    flds: spec.fields.map((name, ord) => ({ name, ord, sticky: false, rtl: false, font: 'Arial', size: 20, media: [] })),
    css: spec.css ?? CSS,
    latexPre: LATEX_PRE,
    latexPost: LATEX_POST,
    latexsvg: false,
    req: spec.templates.map((t, ord) => requirement(spec, t.qfmt, ord)),
    tags: [],
    vers: [],
  };
}

/** Fields a template's front refers to (`{{Field}}`, `{{#Field}}`, `{{type:Field}}`, `{{cloze:Field}}`). */
export function referencedFields(fields: readonly string[], template: string): number[] {
  const out = new Set<number>();
  for (const m of template.matchAll(/\{\{([^{}]+?)\}\}/g)) {
    const name = m[1]!.trim().replace(/^[#^/]/, '').split(':').pop()!.trim();
    const i = fields.indexOf(name);
    if (i >= 0) out.add(i);
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * Legacy `req` entry (Anki 2.1.28 and older decide which cards exist from it): the card needs
 * any of the fields its front refers to. Cloze types: the cloze field.
 */
function requirement(spec: ModelSpec, qfmt: string, ord: number): [number, 'any' | 'none', number[]] {
  const used = referencedFields(spec.fields, qfmt);
  if (spec.cloze) return [ord, 'any', used.length ? used : [0]];
  return used.length ? [ord, 'any', used] : [ord, 'none', []];
}

export function deckJson(id: number, name: string, description: string, mod: number): Record<string, unknown> {
  return {
    id, name, desc: description, dyn: 0, conf: 1, usn: -1, mod, collapsed: false, browserCollapsed: false,
    newToday: [0, 0], revToday: [0, 0], lrnToday: [0, 0], timeToday: [0, 0], extendNew: 0, extendRev: 0,
  };
}

export const DECK_OPTIONS_JSON = {
  1: {
    id: 1, name: 'Default', mod: 0, usn: 0, maxTaken: 60, autoplay: true, timer: 0, replayq: true,
    new: { bury: true, delays: [1, 10], initialFactor: 2500, ints: [1, 4, 7], order: 1, perDay: 20, separate: true },
    lapse: { delays: [10], leechAction: 0, leechFails: 8, minInt: 1, mult: 0 },
    rev: { bury: true, ease4: 1.3, fuzz: 0.05, ivlFct: 1, maxIvl: 36500, minSpace: 1, perDay: 200 },
  },
};

/**
 * `col.conf` (rslib/src/config/schema11.rs). `schedVer: 2` matters: without it Anki's importer
 * takes the file for a v1-scheduler collection and "upgrades" it, raising the ease of every
 * Hard/Good learning answer in the review log by one (storage/revlog/v2_upgrade.sql).
 */
export function collectionConfJson(curModel: number, nextPos: number): Record<string, unknown> {
  return {
    nextPos, estTimes: true, activeDecks: [1], sortType: 'noteFld', timeLim: 0, sortBackwards: false, addToCur: true, curDeck: 1, newBury: true,
    newSpread: 0, dueCounts: true, curModel, collapseTime: 1200, dayLearnFirst: false, schedVer: 2, sched2021: true,
  };
}
