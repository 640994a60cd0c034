/**
 * Writer for Anki packages: a legacy schema-11 `collection.anki2` plus media, the layout every
 * Anki version since 2.1 opens. Guids are kept (an Anki note imported here goes back as itself);
 * scheduling is carried over as Anki's due/interval/ease, with FSRS memory state in `cards.data`.
 */
import type { SqlJsStatic } from 'sql.js';
import { CardState, type CardRecord, type Deck, type MediaBytes, type Note, type NoteType, type ReviewLogRecord } from '../../core/types';
import { decodeEntities, escapeHtml, htmlToText } from '../shared/html';
import { stableHash } from '../shared/hash';
import { sha1Hex } from '../shared/sha1';
import { writeZip, type ZipMemberInput } from '../shared/zip-write';
import { clozeNumbers } from '../prepdeck/parse';
import { collectionConfJson, DECK_OPTIONS_JSON, deckJson, MODELS, modelJson, referencedFields, SCHEMA_11_SQL, type ModelSpec } from './export-schema';

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

// rslib/src/text.rs: HTML_MEDIA_TAGS and HTML, as Anki strips a field for `sfld` and `csum`.
const MEDIA_TAG_RE = /<\b(?:img|audio|video|object|source)\b(?:[^>]|"[^"]+?"|'[^']+?')+?\b(?:src|data)\b=(?:"([^"]+?)"[^>]*>|'([^']+?)'[^>]*>|([^ >]+?)(?: [^>]*>|>))/gis;
const HTML_RE = /(<!--[\s\S]*?-->)|(<style[\s\S]*?>[\s\S]*?<\/style>)|(<script[\s\S]*?>[\s\S]*?<\/script>)|(<[\s\S]*?>)/gi;

/** Anki's `strip_html_preserving_media_filenames`: tags go, media file names stay, entities decoded. */
export function ankiStripHtml(html: string): string {
  const text = html.replace(MEDIA_TAG_RE, (_m, a?: string, b?: string, c?: string) => ` ${a ?? b ?? c ?? ''} `).replace(HTML_RE, '');
  return text.includes('&') ? decodeEntities(text).replace(/\u00a0/g, ' ') : text;
}

/** Anki's note checksum: the first 8 hex digits of the SHA-1 of the stripped first field. */
export function fieldChecksum(firstField: string): number {
  return parseInt(sha1Hex(ankiStripHtml(firstField)).slice(0, 8), 16);
}

/** Learning steps of the deck options written (DECK_OPTIONS_JSON): `left` counts the ones still to go. */
const LEARN_STEPS = DECK_OPTIONS_JSON[1].new.delays.length;
const RELEARN_STEPS = DECK_OPTIONS_JSON[1].lapse.delays.length;

/** SM-2 ease (permille) from FSRS difficulty: 1 (easy) → 3000, 10 (hard) → 1300. */
function easeFactor(difficulty: number): number {
  return Math.round(1300 + ((10 - Math.min(10, Math.max(1, difficulty))) / 9) * 1700);
}

function noteFields(note: Note, toHtml: (s: string) => string): string[] {
  const front = toHtml(note.front);
  const back = toHtml(note.back);
  if (note.kind === 'type-in') return [front, escapeHtml(note.answer ?? htmlToText(back)), back];
  return [front, back];
}

interface CardColumns { type: number; queue: number; due: number; ivl: number; factor: number; reps: number; lapses: number; left: number; flags: number; data: string }

/**
 * A card's scheduling columns (rslib/src/card/mod.rs): new cards hold their position, intraday
 * learning cards an epoch second, review and day-learning (queue 3) cards a day number counted
 * from `col.crt`; suspended cards keep their type with queue −1.
 */
function cardColumns(card: CardRecord, crtSeconds: number, now: number, withScheduling: boolean, position: number): CardColumns {
  // Without scheduling every card is new, unsuspended and unflagged (Anki's `schedule_as_new`).
  const suspended = card.suspended && withScheduling ? -1 : undefined;
  const flags = withScheduling ? Math.max(0, Math.min(7, card.flag ?? 0)) : 0;
  if (!withScheduling || card.state === CardState.New)
    return { type: 0, queue: suspended ?? 0, due: position, ivl: 0, factor: 0, reps: 0, lapses: 0, left: 0, flags, data: '' };
  const ivl = Math.max(1, Math.round(card.scheduled_days));
  const memory = card.stability > 0 && card.difficulty >= 1 ? { s: Number(card.stability.toFixed(4)), d: Number(Math.min(10, card.difficulty).toFixed(3)) } : undefined;
  const lrt = card.last_review ? Math.floor(card.last_review / 1000) : undefined;
  const data = memory || lrt ? JSON.stringify({ ...memory, ...(lrt ? { lrt } : {}) }) : '';
  const common = { factor: easeFactor(card.difficulty), reps: Math.max(1, card.reps), lapses: card.lapses, flags, data };
  const dayOf = (ms: number) => Math.floor((ms - crtSeconds * 1000) / DAY_MS);
  if (card.state === CardState.Review) return { ...common, type: 2, queue: suspended ?? 2, due: dayOf(card.due), ivl, left: 0 };
  const relearning = card.state === CardState.Relearning;
  const steps = Math.max(1, (relearning ? RELEARN_STEPS : LEARN_STEPS) - Math.max(0, card.learning_steps));
  // A step that ends on a later day than the export is an interday one: Anki counts it in days.
  const interday = dayOf(card.due) > dayOf(now);
  return {
    ...common,
    type: relearning ? 3 : 1,
    queue: suspended ?? (interday ? 3 : 1),
    due: interday ? dayOf(card.due) : Math.floor(card.due / 1000),
    ivl: relearning ? ivl : 0,
    factor: relearning ? common.factor : 0,
    left: steps * 1000 + steps,
  };
}

/** Card ordinals the note type can have for this note (others would be cards Anki cannot show). */
function validOrdinals(spec: ModelSpec, fields: readonly string[]): (ord: number) => boolean {
  if (!spec.cloze) return (ord) => ord >= 0 && ord < spec.templates.length;
  const clozeFields = referencedFields(spec.fields, spec.templates[0]?.qfmt ?? '');
  const numbers = new Set((clozeFields.length ? clozeFields : [0]).flatMap((i) => clozeNumbers(fields[i] ?? '')));
  return (ord) => numbers.has(ord + 1);
}

/** The decks plus their missing parents ("A::B" needs "A"), as Anki's own export writes them. */
function withParents(decks: ApkgExportInput['decks']): ApkgExportInput['decks'] {
  const names = new Set(decks.map((d) => d.name));
  const out = [...decks];
  for (const d of decks) {
    const parts = d.name.split('::');
    for (let i = 1; i < parts.length; i++) {
      const name = parts.slice(0, i).join('::');
      if (names.has(name)) continue;
      names.add(name);
      out.push({ id: `parent:${name}`, name, description: '' });
    }
  }
  return out;
}

export function exportApkg(input: ApkgExportInput, opts: ApkgExportOptions): Uint8Array {
  const withScheduling = opts.includeScheduling !== false;
  const toHtml = (note: Note) => (s: string) => (note.format === 'markdown' ? (opts.markdownToHtml ?? ((t: string) => escapeHtml(t).replace(/\n/g, '<br>')))(s) : s);
  const crt = Math.floor(opts.now / DAY_MS) * 86_400;
  const nowSeconds = Math.floor(opts.now / 1000);
  const allDecks = withParents(input.decks);
  const deckIds = new Map(allDecks.map((d) => [d.id, numericId(`deck:${d.id}`)]));
  const decksJson: Record<string, unknown> = { 1: deckJson(1, 'Default', '', nowSeconds) };
  for (const d of allDecks) decksJson[String(deckIds.get(d.id))] = deckJson(deckIds.get(d.id)!, d.name, d.description, nowSeconds);
  const exported = new Set(input.decks.map((d) => d.id));
  const notes = input.notes.filter((n) => exported.has(n.deckId));
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
    const ankiNotes = new Map<string, { nid: number; valid: (ord: number) => boolean }>();
    const guids = new Set<string>();
    const allTags = new Map<string, string>();
    notes.forEach((note, i) => {
      const nid = opts.now + i;
      const spec = specOf(note);
      const own = ownTypes.get(note.noteTypeId);
      const fields = own ? own.fields.map((_, i) => note.fields[i] ?? '') : noteFields(note, toHtml(note));
      ankiNotes.set(note.id, { nid, valid: validOrdinals(spec, fields) });
      // Anki tags have no spaces and are case-insensitive: one of each.
      const tags = new Map<string, string>();
      for (const t of note.tags.map((t) => t.trim().replace(/\s+/g, '_')).filter((t) => t !== '')) if (!tags.has(t.toLowerCase())) tags.set(t.toLowerCase(), t);
      for (const [k, t] of tags) if (!allTags.has(k)) allTags.set(k, t);
      let guid = note.guid || note.id;
      if (guids.has(guid)) guid = `${guid}~${stableHash(note.id).slice(0, 8)}`;
      guids.add(guid);
      const tagText = tags.size ? ` ${[...tags.values()].join(' ')} ` : '';
      db.run('INSERT INTO notes VALUES (?, ?, ?, ?, -1, ?, ?, ?, ?, 0, \'\')', [
        nid, guid, spec.id, Math.floor((note.mtime || opts.now) / 1000), tagText, fields.join('\x1f'), ankiStripHtml(fields[0] ?? ''), fieldChecksum(fields[0] ?? ''),
      ]);
    });
    const ankiCardIds = new Map<string, number>();
    const cards = input.cards.filter((c) => ankiNotes.get(c.noteId)?.valid(c.ord) && deckIds.has(c.deckId));
    // New cards are numbered in their introduction order (Anki's `due` of a new card).
    const newOrder = cards.filter((c) => !withScheduling || c.state === CardState.New).sort((a, b) => (a.state === CardState.New ? a.due : 0) - (b.state === CardState.New ? b.due : 0));
    const positions = new Map(newOrder.map((c, i) => [c.id, i + 1]));
    cards.forEach((card, i) => {
      const cid = opts.now + i;
      ankiCardIds.set(card.id, cid);
      const c = cardColumns(card, crt, opts.now, withScheduling, positions.get(card.id) ?? 0);
      db.run('INSERT INTO cards VALUES (?, ?, ?, ?, ?, -1, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?)', [
        cid, ankiNotes.get(card.noteId)!.nid, deckIds.get(card.deckId)!, card.ord, nowSeconds, c.type, c.queue, c.due, c.ivl, c.factor, c.reps, c.lapses, c.left, c.flags, c.data,
      ]);
    });
    if (withScheduling) writeRevlog(db, input.revlog ?? [], ankiCardIds);
    db.run('INSERT INTO col VALUES (1, ?, ?, ?, 11, 0, 0, 0, ?, ?, ?, ?, ?)', [
      crt, opts.now, opts.now, JSON.stringify(collectionConfJson([...specs.keys()][0] ?? MODELS.basic.id, positions.size + 1)), JSON.stringify(models),
      JSON.stringify(decksJson), JSON.stringify(DECK_OPTIONS_JSON), JSON.stringify(Object.fromEntries([...allTags.values()].map((t) => [t, 0]))),
    ]);
    const collection = db.export();
    return packageZip(collection, input.media ?? []);
  } finally {
    db.close();
  }
}

/**
 * Review history as Anki's revlog: id = answer time (ms, unique), ease 1–4, `ivl` in days (or
 * negative seconds for a learning step), `lastIvl` the card's previous `ivl`, type 0 learn,
 * 1 review, 2 relearn; ease factor 0 for learning answers.
 */
function writeRevlog(db: import('sql.js').Database, revlog: readonly ReviewLogRecord[], ankiCardIds: ReadonlyMap<string, number>): void {
  const used = new Set<number>();
  const lastIvl = new Map<number, number>();
  for (const r of [...revlog].sort((a, b) => a.time - b.time)) {
    const cid = ankiCardIds.get(r.cardId);
    if (cid === undefined || r.rating < 1 || r.rating > 4) continue;
    let id = Math.round(r.time);
    while (used.has(id)) id++;
    used.add(id);
    const learning = r.stateAfter === CardState.Learning || r.stateAfter === CardState.Relearning;
    const ivl = learning ? -Math.max(1, Math.round((r.dueAfter - r.time) / 1000)) : Math.max(1, Math.round(r.scheduledDays));
    const type = r.stateBefore === CardState.New || r.stateBefore === CardState.Learning ? 0 : r.stateBefore === CardState.Relearning ? 2 : 1;
    const factor = type === 0 ? 0 : easeFactor(r.difficultyAfter);
    db.run('INSERT INTO revlog VALUES (?, ?, -1, ?, ?, ?, ?, ?, ?)', [id, cid, r.rating, ivl, lastIvl.get(cid) ?? 0, factor, Math.max(0, Math.min(60_000, Math.round(r.durationMs))), type]);
    lastIvl.set(cid, ivl);
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
