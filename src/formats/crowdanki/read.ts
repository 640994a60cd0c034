/**
 * Reader for CrowdAnki exports (github.com/Stvad/CrowdAnki): a folder holding `deck.json` and
 * `media/`, zipped, or a lone `deck.json`. The JSON is turned into the generation-independent
 * AnkiCollection and goes through the Anki plan builder, so note types keep their templates and
 * CSS, note ids derive from guids (a re-import updates the same notes, and meets the same deck
 * imported as .apkg) and media are placed as for packages.
 *
 * What CrowdAnki's own importer does and we follow: the top deck's name is a full name, each
 * child carries only its last level (`children` nest); note models and deck configurations sit
 * on the top deck; a note goes, with all its cards, to the deck whose `notes` list holds it; a
 * card exists per template whose front is not empty (per cloze number for cloze types), as
 * Anki's add-note does. CrowdAnki carries no scheduling, so every card is new.
 */
import { AppError, ErrorCode } from '../../core/errors';
import type { NoteType } from '../../core/types';
import { planFromCollection, type CollectionMedia } from '../apkg/read';
import { safeMediaName } from '../apkg/media';
import type { AnkiCardRow, AnkiCollection, AnkiDeck, AnkiNoteRow, AnkiNotetype } from '../apkg/model';
import { deriveNote, noteOrdinals } from '../notetypes';
import type { ImportPlan } from '../plan';
import { stableHash } from '../shared/hash';
import { normalizeDeckName } from '../shared/ids';
import { isZip, openZip } from '../shared/zip';

export interface CrowdAnkiOptions {
  now?: number;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const quoted = (names: readonly string[], max = 3) => names.slice(0, max).map((n) => `"${n}"`).join(', ') + (names.length > max ? ` and ${names.length - max} more` : '');

/** First deck id handed out: clear of Anki's Default deck (id 1), which the deck resolver treats specially. */
const FIRST_DECK_ID = 1000;

interface Source {
  deck: Json;
  /** Media file name → bytes reader (files in `media/` beside deck.json). */
  media: Map<string, () => Uint8Array>;
  /** True when the input was a lone deck.json (no folder to hold media). */
  lone: boolean;
}

function parseDeckJson(bytes: Uint8Array, what: string): Json {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new AppError(ErrorCode.BadEncoding, `${what} is not UTF-8 text, so it is not a CrowdAnki deck.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new AppError(ErrorCode.Corrupt, `${what} is not valid JSON (${e instanceof Error ? e.message : String(e)}). Export the deck again from CrowdAnki.`, { cause: e });
  }
  if (!isObject(value) || (value.__type__ !== 'Deck' && !('note_models' in value) && !('children' in value)))
    throw new AppError(ErrorCode.Corrupt, `${what} is JSON but not a CrowdAnki deck (no "__type__": "Deck" at its top).`);
  return value;
}

function openSource(bytes: Uint8Array, fileName: string, warnings: string[]): Source {
  if (!isZip(bytes)) return { deck: parseDeckJson(bytes, `"${fileName}"`), media: new Map(), lone: true };
  const zip = openZip(bytes, 'zip file');
  const decks = zip.names.filter((n) => /(^|\/)deck\.json$/i.test(n)).sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
  const member = decks[0];
  if (!member) throw new AppError(ErrorCode.UnknownFormat, `"${fileName}" holds no deck.json, so it is not a CrowdAnki deck.`);
  if (decks.length > 1) warnings.push(`The zip holds ${decks.length} CrowdAnki decks; only "${member}" was imported. Import the others as zips of their own folders.`);
  const prefix = member.slice(0, member.length - 'deck.json'.length);
  const media = new Map<string, () => Uint8Array>();
  const unsafe: string[] = [];
  for (const name of zip.names) {
    if (!name.startsWith(`${prefix}media/`) || name.endsWith('/')) continue;
    const rel = name.slice(prefix.length + 'media/'.length);
    const safe = safeMediaName(rel);
    if (safe) media.set(safe, () => zip.read(name));
    else unsafe.push(rel);
  }
  if (unsafe.length) warnings.push(`${plural(unsafe.length, 'file', 'files')} in media/ ${unsafe.length === 1 ? 'is' : 'are'} in a subfolder or badly named and ${unsafe.length === 1 ? 'was' : 'were'} skipped: ${quoted(unsafe)}.`);
  return { deck: parseDeckJson(zip.read(member), `"${member}"`), media, lone: false };
}

interface Walked {
  decks: Map<number, AnkiDeck>;
  /** Note JSON with the id of the deck that lists it. */
  notes: { note: Json; did: number }[];
  models: Json[];
  configs: Json[];
  mediaFiles: Set<string>;
}

function walkDecks(top: Json): Walked {
  const out: Walked = { decks: new Map(), notes: [], models: [], configs: [], mediaFiles: new Set() };
  let nextId = FIRST_DECK_ID;
  const visit = (deck: Json, parent: string, depth: number) => {
    if (depth > 100) throw new AppError(ErrorCode.Corrupt, 'deck.json nests decks more than 100 levels deep; it is damaged.');
    const own = normalizeDeckName(str(deck.name));
    const name = parent ? (own ? `${parent}::${own}` : parent) : own || 'CrowdAnki';
    const id = nextId++;
    out.decks.set(id, { id, name, filtered: false, description: str(deck.desc) });
    for (const n of list(deck.notes)) if (isObject(n)) out.notes.push({ note: n, did: id });
    for (const m of list(deck.note_models)) if (isObject(m)) out.models.push(m);
    for (const c of list(deck.deck_configurations)) if (isObject(c)) out.configs.push(c);
    for (const f of list(deck.media_files)) if (typeof f === 'string' && f !== '') out.mediaFiles.add(f);
    for (const child of list(deck.children)) if (isObject(child)) visit(child, name, depth + 1);
  };
  visit(top, '', 0);
  return out;
}

/** A stable numeric Anki-style id for a CrowdAnki uuid (48 bits of its hash). */
function numericId(uuid: string): number {
  return parseInt(stableHash(uuid).slice(0, 12), 16);
}

function byOrd<T extends Json>(items: T[]): T[] {
  return items.map((x, i) => ({ x, i, ord: typeof x.ord === 'number' ? x.ord : Number.MAX_SAFE_INTEGER })).sort((a, b) => a.ord - b.ord || a.i - b.i).map((e) => e.x);
}

function toNotetype(m: Json, uuid: string): AnkiNotetype {
  const flds = byOrd(list(m.flds).filter(isObject));
  const tmpls = byOrd(list(m.tmpls).filter(isObject));
  return {
    id: numericId(uuid),
    name: str(m.name) || 'CrowdAnki note type',
    cloze: m.type === 1,
    fields: flds.map((f, i) => str(f.name) || `Field ${i + 1}`),
    templates: tmpls.map((t, ord) => ({ ord, name: str(t.name) || `Card ${ord + 1}`, qfmt: str(t.qfmt), afmt: str(t.afmt) })),
    latexSvg: m.latexsvg === true,
    css: str(m.css),
  };
}

/** The card ordinals Anki would create for these field values: non-empty fronts, or cloze numbers. */
function ordinalsFor(nt: AnkiNotetype, fields: string[], tags: string[], deckName: string): number[] {
  const type: NoteType = { id: 'crowdanki-probe', name: nt.name, kind: nt.cloze ? 'cloze' : 'basic', format: 'html', fields: nt.fields, templates: nt.templates, css: '', builtin: false, mtime: 0, usn: 0 };
  return noteOrdinals(deriveNote({ fields, tags, deckName }, type), type);
}

export async function readCrowdAnki(bytes: Uint8Array, fileName: string, opts: CrowdAnkiOptions = {}): Promise<ImportPlan> {
  const warnings: string[] = [];
  const source = openSource(bytes, fileName, warnings);
  const walked = walkDecks(source.deck);

  const notetypes = new Map<number, AnkiNotetype>();
  const byUuid = new Map<string, AnkiNotetype>();
  const noTemplates: string[] = [];
  for (const m of walked.models) {
    const uuid = str(m.crowdanki_uuid) || str(m.name);
    if (byUuid.has(uuid)) continue;
    const nt = toNotetype(m, uuid);
    byUuid.set(uuid, nt);
    if (!nt.cloze && nt.templates.length === 0) noTemplates.push(nt.name);
    else notetypes.set(nt.id, nt);
  }

  const now = Math.floor((opts.now ?? Date.now()) / 1000);
  const notes: AnkiNoteRow[] = [];
  const cards: AnkiCardRow[] = [];
  let missingModel = 0;
  let withoutTemplates = 0;
  let noCards = 0;
  let badFields = 0;
  walked.notes.forEach(({ note, did }, i) => {
    const nt = byUuid.get(str(note.note_model_uuid));
    if (!nt) {
      missingModel++;
      return;
    }
    if (!notetypes.has(nt.id)) {
      withoutTemplates++;
      return;
    }
    const raw = list(note.fields);
    if (raw.length !== nt.fields.length) badFields++;
    const fields = nt.fields.map((_, k) => str(raw[k]));
    const tags = list(note.tags).map(str).filter((t) => t !== '');
    const deckName = walked.decks.get(did)!.name;
    const ords = ordinalsFor(nt, fields, tags, deckName);
    if (ords.length === 0) {
      noCards++;
      return;
    }
    const nid = i + 1;
    const guid = str(note.guid) || `crowdanki-${stableHash(`${nt.id}\x1f${fields.join('\x1f')}`)}`;
    notes.push({ id: nid, guid, mid: nt.id, mod: typeof note.mod === 'number' ? note.mod : now, tags, fields });
    for (const ord of ords)
      cards.push({ id: cards.length + 1, nid, did, ord, type: 0, queue: 0, due: cards.length, ivl: 0, factor: 0, reps: 0, lapses: 0, odue: 0, odid: 0 });
  });

  if (walked.notes.length === 0) throw new AppError(ErrorCode.NoRows, `Nothing to import from "${fileName}": the CrowdAnki deck has no notes.`);
  if (notes.length === 0)
    throw new AppError(ErrorCode.NoRows, `Nothing to import from "${fileName}": none of its ${walked.notes.length} notes could be read (their note models are missing or have no card templates).`);

  if (missingModel) warnings.push(`${plural(missingModel, 'note was', 'notes were')} skipped because deck.json lacks ${missingModel === 1 ? 'its' : 'their'} note model.`);
  if (noTemplates.length)
    warnings.push(`${plural(noTemplates.length, 'note model has', 'note models have')} no card templates (${quoted(noTemplates)})${withoutTemplates ? `; ${plural(withoutTemplates, 'note', 'notes')} of ${noTemplates.length === 1 ? 'it' : 'them'} ${withoutTemplates === 1 ? 'was' : 'were'} skipped` : ''}.`);
  if (noCards) warnings.push(`${plural(noCards, 'note was', 'notes were')} skipped because every card front would be empty (Anki creates no cards for such notes).`);
  if (badFields) warnings.push(`${plural(badFields, 'note has', 'notes have')} a different number of fields than ${badFields === 1 ? 'its' : 'their'} note model; missing fields are empty and extra ones were dropped.`);
  if (walked.configs.length) {
    const names = walked.configs.map((c) => str(c.name) || 'unnamed');
    warnings.push(`${plural(walked.configs.length, 'deck options preset', 'deck options presets')} (${quoted(names)}) ${walked.configs.length === 1 ? 'is' : 'are'} not imported: the decks use this app's study settings.`);
  }

  const col: AnkiCollection = { schema: 11, crt: 0, notetypes, decks: walked.decks, notes, cards, revlog: [] };
  const names = [...source.media.keys()];
  const media: CollectionMedia = { names, read: (i) => source.media.get(names[i]!)!() };
  const plan = await planFromCollection(col, media, warnings, { progress: () => {}, format: 'crowdanki' });

  // Files deck.json lists (template fonts, images) that are not beside it: counted as missing too.
  const present = new Set(names);
  const referenced = new Set(plan.stats.missingMedia);
  const listedOnly = [...walked.mediaFiles].filter((f) => !present.has(f) && !referenced.has(f)).sort();
  if (listedOnly.length) {
    warnings.push(
      source.lone
        ? `${plural(listedOnly.length, 'media file', 'media files')} listed in deck.json ${listedOnly.length === 1 ? 'is' : 'are'} not included: a lone deck.json has no media/ folder. Import the whole CrowdAnki folder as a zip to bring ${listedOnly.length === 1 ? 'it' : 'them'} in.`
        : `${plural(listedOnly.length, 'media file', 'media files')} listed in deck.json ${listedOnly.length === 1 ? 'is' : 'are'} missing from media/: ${quoted(listedOnly)}.`,
    );
    plan.stats.missingMedia = [...plan.stats.missingMedia, ...listedOnly].sort();
  }
  return plan;
}
