/**
 * The generation-independent view of an Anki collection: what the legacy (JSON in `col`) and
 * latest (schema-18 tables) readers both produce, and what the plan builder consumes.
 */

export interface AnkiTemplate {
  ord: number;
  name: string;
  qfmt: string;
  afmt: string;
}

export interface AnkiNotetype {
  id: number;
  name: string;
  cloze: boolean;
  /** Field names by ordinal. */
  fields: string[];
  templates: AnkiTemplate[];
  /** Rendered LaTeX images are SVG instead of PNG. */
  latexSvg: boolean;
  css: string;
}

export interface AnkiDeck {
  id: number;
  /** Full name with `::` between levels. */
  name: string;
  filtered: boolean;
  description: string;
}

export interface AnkiNoteRow {
  id: number;
  guid: string;
  mid: number;
  /** Modification time, seconds. */
  mod: number;
  tags: string[];
  fields: string[];
}

export interface AnkiCardRow {
  id: number;
  nid: number;
  did: number;
  ord: number;
  type: number;
  queue: number;
  due: number;
  ivl: number;
  factor: number;
  reps: number;
  lapses: number;
  odue: number;
  odid: number;
}

export interface AnkiRevlogRow {
  id: number;
  cid: number;
  ease: number;
  ivl: number;
  lastIvl: number;
  factor: number;
  time: number;
  type: number;
}

export interface AnkiCollection {
  schema: number;
  /** Collection creation, seconds: day 0 of review due numbers. */
  crt: number;
  notetypes: Map<number, AnkiNotetype>;
  decks: Map<number, AnkiDeck>;
  notes: AnkiNoteRow[];
  cards: AnkiCardRow[];
  revlog: AnkiRevlogRow[];
}
