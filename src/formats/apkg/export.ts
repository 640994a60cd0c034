/**
 * Writer for Anki packages: a legacy schema-11 `collection.anki2` plus media, the layout every
 * Anki version since 2.1 opens. Guids are kept (an Anki note imported here goes back as itself);
 * scheduling is carried over as Anki's due/interval/ease, with FSRS memory state in `cards.data`.
 */
import type { SqlJsStatic } from 'sql.js';
import { CardState, type CardRecord, type Deck, type MediaBytes, type Note, type NoteType, type ReviewLogRecord } from '../../core/types';
import { escapeHtml, htmlToText } from '../shared/html';
import { stableHash } from '../shared/hash';
import { sha1Hex } from '../shared/sha1';
import { writeZip, type ZipMemberInput } from '../shared/zip-write';
import { collectionConfJson, DECK_OPTIONS_JSON, deckJson, MODELS, modelJson, SCHEMA_11_SQL, type ModelSpec } from './export-schema';

export interface ApkgExportInput {
  decks: Pick<Deck, 'id' | 'name' | 'description'>[];
  notes: Note[];
  /** The imported (Anki) note types the notes use: they are written back as themselves. */
  noteTypes?: NoteType[];
  cards: CardRecord[];
  revlog?: ReviewLogRecord[];
  media?: MediaBytes[];
}

export interface ApkgExportOptions {
  sql: SqlJsStatic;
  /** Export time (epoch ms): collection creation day and modification times. */
  now: number;
  /** Carry review state and history over (default true); false exports every card as new. */
  includeScheduling?: boolean;
  /** Markdown notes become HTML fields through this (the render layer's Markdown); default: escaped text. */
  markdownToHtml?: (markdown: string) => string;
}

const DAY_MS = 86_400_000;

/** A positive id that stays the same for the same text (decks: re-exports update, not duplicate). */
function numericId(text: string): number {
  return parseInt(stableHash(text).slice(0, 12), 16) + 1;
}

function noteFields(note: Note, toHtml: (s: string) => string): string[] {
  const front = toHtml(note.front);
  const back = toHtml(note.back);
  if (note.kind === 'type-in') return [front, escapeHtml(note.answer ?? htmlToText(back)), back];
  return [front, back];
}

function cardColumns(card: CardRecord, crtSeconds: number, withScheduling: boolean): { type: number; queue: number; due: number; ivl: number; factor: number; reps: number; lapses: number; left: number; data: string } {
  const suspended = card.suspended ? -1 : undefined;
  if (!withScheduling || card.state === CardState.New)
    return { type: 0, queue: suspended ?? 0, due: Math.max(0, Math.min(1_000_000, Math.round(card.state === CardState.New ? card.due : 0))), ivl: 0, factor: 0, reps: 0, lapses: 0, left: 0, data: '' };
  const ivl = Math.max(1, Math.round(card.scheduled_days));
  // SM-2 ease from FSRS difficulty: 1 (easy) → 3.0, 10 (hard) → 1.3.
  const factor = Math.round(1300 + ((10 - Math.min(10, Math.max(1, card.difficulty))) / 9) * 1700);
  const data = card.stability > 0 ? JSON.stringify({ s: Number(card.stability.toFixed(4)), d: Number(card.difficulty.toFixed(4)) }) : '';
  const common = { factor, reps: card.reps, lapses: card.lapses, data };
  if (card.state === CardState.Review)
    return { ...common, type: 2, queue: suspended ?? 2, due: Math.floor((card.due - crtSeconds * 1000) / DAY_MS), ivl, left: 0 };
  const type = card.state === CardState.Relearning ? 3 : 1;
  return { ...common, type, queue: suspended ?? 1, due: Math.floor(card.due / 1000), ivl: type === 3 ? ivl : 0, left: 1001 };
}

export function exportApkg(input: ApkgExportInput, opts: ApkgExportOptions): Uint8Array {
  const withScheduling = opts.includeScheduling !== false;
  const toHtml = (note: Note) => (s: string) => (note.format === 'markdown' ? (opts.markdownToHtml ?? ((t: string) => escapeHtml(t).replace(/\n/g, '<br>')))(s) : s);
  const crt = Math.floor(opts.now / DAY_MS) * 86_400;
  const nowSeconds = Math.floor(opts.now / 1000);
  const deckIds = new Map(input.decks.map((d) => [d.id, numericId(`deck:${d.id}`)]));
  const decksJson: Record<string, unknown> = { 1: deckJson(1, 'Default', '', nowSeconds) };
  for (const d of input.decks) decksJson[String(deckIds.get(d.id))] = deckJson(deckIds.get(d.id)!, d.name, d.description, nowSeconds);
  const notes = input.notes.filter((n) => deckIds.has(n.deckId));
  // A note of an imported Anki type goes back with its own type and raw fields, so that
  // re-importing the file (here or in Anki) gives the same fields, templates and tags.
  const ownTypes = new Map((input.noteTypes ?? []).filter((t) => !t.builtin).map((t) => [t.id, ankiModel(t)]));
  const specOf = (n: Note): ModelSpec => ownTypes.get(n.noteTypeId) ?? MODELS[n.kind];
  const specs = new Map(notes.map((n) => specOf(n)).map((m) => [m.id, m]));
  const firstDeck = deckIds.get(input.decks[0]?.id ?? '') ?? 1;
  const models = Object.fromEntries([...specs.values()].map((m) => [String(m.id), modelJson(m, firstDeck, nowSeconds)]));

  const db = new opts.sql.Database();
  try {
    db.exec(SCHEMA_11_SQL);
    db.run('INSERT INTO col VALUES (1, ?, ?, ?, 11, 0, 0, 0, ?, ?, ?, ?, ?)', [
      crt, opts.now, opts.now, JSON.stringify(collectionConfJson([...specs.keys()][0] ?? MODELS.basic.id)), JSON.stringify(models), JSON.stringify(decksJson), JSON.stringify(DECK_OPTIONS_JSON), '{}',
    ]);
    const ankiNoteIds = new Map<string, number>();
    notes.forEach((note, i) => {
      const nid = opts.now + i;
      ankiNoteIds.set(note.id, nid);
      const own = ownTypes.get(note.noteTypeId);
      const fields = own ? own.fields.map((_, i) => note.fields[i] ?? '') : noteFields(note, toHtml(note));
      const sortText = htmlToText(fields[0] ?? '');
      const tags = note.tags.map((t) => t.replace(/\s+/g, '_')).filter((t) => t !== '');
      db.run('INSERT INTO notes VALUES (?, ?, ?, ?, -1, ?, ?, ?, ?, 0, \'\')', [
        nid, note.guid ?? note.id, specOf(note).id, Math.floor((note.mtime || opts.now) / 1000), tags.length ? ` ${tags.join(' ')} ` : '', fields.join('\x1f'), sortText, parseInt(sha1Hex(sortText).slice(0, 8), 16),
      ]);
    });
    const ankiCardIds = new Map<string, number>();
    input.cards.forEach((card, i) => {
      const nid = ankiNoteIds.get(card.noteId);
      const did = deckIds.get(card.deckId);
      if (nid === undefined || did === undefined) return;
      const cid = opts.now + i;
      ankiCardIds.set(card.id, cid);
      const c = cardColumns(card, crt, withScheduling);
      db.run('INSERT INTO cards VALUES (?, ?, ?, ?, ?, -1, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?)', [cid, nid, did, card.ord, nowSeconds, c.type, c.queue, c.due, c.ivl, c.factor, c.reps, c.lapses, c.left, c.data]);
    });
    if (withScheduling) {
      const used = new Set<number>();
      for (const r of input.revlog ?? []) {
        const cid = ankiCardIds.get(r.cardId);
        if (cid === undefined) continue;
        let id = Math.round(r.time);
        while (used.has(id)) id++;
        used.add(id);
        const learning = r.stateAfter === CardState.Learning || r.stateAfter === CardState.Relearning;
        const ivl = learning ? -Math.max(1, Math.round((r.dueAfter - r.time) / 1000)) : Math.max(1, Math.round(r.scheduledDays));
        const type = r.stateBefore === CardState.New || r.stateBefore === CardState.Learning ? 0 : r.stateBefore === CardState.Relearning ? 2 : 1;
        db.run('INSERT INTO revlog VALUES (?, ?, -1, ?, ?, ?, 2500, ?, ?)', [id, cid, r.rating, ivl, Math.round(r.elapsedDays), Math.min(60_000, Math.round(r.durationMs)), type]);
      }
    }
    const collection = db.export();
    return packageZip(collection, input.media ?? []);
  } finally {
    db.close();
  }
}

function packageZip(collection: Uint8Array, media: MediaBytes[]): Uint8Array {
  const map: Record<string, string> = {};
  const members: ZipMemberInput[] = [{ name: 'collection.anki2', data: collection }];
  const seen = new Set<string>();
  for (const m of media) {
    if (seen.has(m.name)) continue;
    seen.add(m.name);
    const member = String(seen.size - 1);
    map[member] = m.name;
    members.push({ name: member, data: m.data, compress: !/^(image\/(png|jpeg|gif|webp)|audio|video)/.test(m.mime) });
  }
  members.push({ name: 'media', data: new TextEncoder().encode(JSON.stringify(map)) });
  return writeZip(members);
}

/** An imported note type as an Anki model: its Anki id when the type came from Anki. */
function ankiModel(t: NoteType): ModelSpec {
  const m = /^anki-nt-(\d+)-/.exec(t.id);
  return { id: m ? Number(m[1]) : numericId(`notetype:${t.id}`), name: t.name, cloze: t.kind === 'cloze', fields: t.fields, templates: t.templates, css: t.css };
}
