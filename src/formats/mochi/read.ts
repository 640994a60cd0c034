/**
 * Reader for Mochi exports (mochi.cards, "Export → Mochi format"): a `.mochi` zip holding one
 * manifest, `data.json` (Transit JSON) or `data.edn` (EDN), and the attachments, flat at the
 * archive root. The manifest is `{:version 2 :decks [...] :cards [...] :templates [...]}`; decks
 * nest through `:parent-id` and may hold their cards inline under `:cards`; root-level cards name
 * their deck with `:deck-id`.
 *
 * A card's `:content` is Markdown whose sides are separated by lines `---`; a card with a
 * `:template-id` shows its template's content with `<< Field >>` filled from the card's
 * `:fields`. Attachments are referenced as `@media/<name>`. Cloze deletions are `{{text}}` (all
 * hidden together) or `{{N::text}}` (one card per N), which become our `{{cN::text}}`.
 */
import { AppError, ErrorCode } from '../../core/errors';
import { safeMediaName } from '../apkg/media';
import type { ImportPlan, PlanCard, PlanDeck, PlanMedia, PlanNote, PlanSchedule } from '../plan';
import { clozeNumbers } from '../prepdeck/parse';
import { stableHash } from '../shared/hash';
import { cardIdFor, deckAncestors, deckIdForName, deckNameFromFile, normalizeDeckName } from '../shared/ids';
import { mimeFor } from '../shared/mime';
import { isZip, openZip } from '../shared/zip';
import { decodeTransit, EdnError, parseEdn, type Value } from './decode';

export interface MochiOptions {
  now?: number;
}

type Obj = { [key: string]: Value };

const isObj = (v: Value | undefined): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: Value | undefined): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const items = (v: Value | undefined): Value[] => (Array.isArray(v) ? v : isObj(v) ? Object.values(v) : []);
const truthy = (v: Value | undefined): boolean => v !== undefined && v !== null && v !== false;
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const wasWere = (n: number) => (n === 1 ? 'was' : 'were');
const quoted = (names: readonly string[], max = 5) => names.slice(0, max).map((n) => `"${n}"`).join(', ') + (names.length > max ? ` and ${names.length - max} more` : '');

/** Field types whose values Mochi generates itself (speech, AI, translation, drawings …). */
const PLAIN_FIELD_TYPES = new Set(['', 'text', 'boolean', 'number']);

function readManifest(bytes: Uint8Array, fileName: string): { data: Value; files: Map<string, () => Uint8Array> } {
  if (!isZip(bytes)) throw new AppError(ErrorCode.NotAZip, `"${fileName}" is not a zip file, so it is not a Mochi export (.mochi). Export the deck again from Mochi.`);
  const zip = openZip(bytes, 'zip file');
  const files = new Map<string, () => Uint8Array>();
  for (const name of zip.names) {
    if (name.endsWith('/') || /^data\.(json|edn)$/i.test(name)) continue;
    const base = name.split('/').pop()!;
    const safe = safeMediaName(base);
    if (safe && !files.has(safe)) files.set(safe, () => zip.read(name));
  }
  const member = zip.names.find((n) => /^data\.json$/i.test(n)) ?? zip.names.find((n) => /^data\.edn$/i.test(n));
  if (!member) throw new AppError(ErrorCode.Corrupt, `"${fileName}" holds no data.json or data.edn, so it is not a Mochi export. Export the deck again from Mochi.`);
  const source = new TextDecoder().decode(zip.read(member)).replace(/^\uFEFF/, '');
  try {
    const data = /\.json$/i.test(member) ? decodeTransit(JSON.parse(source)) : parseEdn(source);
    return { data, files };
  } catch (e) {
    if (!(e instanceof SyntaxError || e instanceof EdnError)) throw e;
    throw new AppError(ErrorCode.Corrupt, `The ${member} in "${fileName}" is damaged (${e.message}). Export the deck again from Mochi.`, { cause: e });
  }
}

/** `<< Field >>` placeholders and `<< #Field >>…<</ Field >>` / `<< ^Field >>…<</ Field >>` sections. */
function renderTemplate(content: string, values: Map<string, string>): string {
  const lookup = (name: string) => values.get(name.trim().toLowerCase()) ?? '';
  const filled = (name: string) => {
    const v = lookup(name).trim();
    return v !== '' && v !== 'false';
  };
  let out = content;
  const section = /<<\s*([#^])\s*([^>]+?)\s*>>([\s\S]*?)<<\s*\/\s*\2\s*>>/;
  for (let guard = 0; guard < 1000; guard++) {
    const m = section.exec(out);
    if (!m) break;
    const show = filled(m[2]!) === (m[1] === '#');
    out = out.slice(0, m.index) + (show ? m[3]! : '') + out.slice(m.index + m[0].length);
  }
  return out.replace(/<<\s*([^<>]+?)\s*>>/g, (_, name: string) => lookup(name));
}

/** Mochi clozes to ours: `{{N::x}}` → `{{cN::x}}`, `{{x}}` → `{{c1::x}}` (hidden together). Anki-style ones stay. */
export function mochiClozes(md: string): string {
  return md.replace(/\{\{(?!c\d+::)(?:(\d+)::)?([\s\S]+?)\}\}/g, (_, n: string | undefined, body: string) => `{{c${n ?? '1'}::${body}}}`);
}

const MEDIA_REF = /@media\/([^\s)"'<>\]]+)/g;

/** Attachment names a content refers to as `@media/<name>`, and the content with the prefix dropped. */
function mediaRefs(md: string): { md: string; refs: string[] } {
  const refs = [...md.matchAll(MEDIA_REF)].map((m) => m[1]!);
  return { md: md.replace(MEDIA_REF, '$1'), refs };
}

function splitSides(md: string): string[] {
  const sides: string[][] = [[]];
  let fence = false;
  for (const line of md.replace(/\r\n?/g, '\n').split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fence = !fence;
    if (!fence && /^\s*---\s*$/.test(line)) sides.push([]);
    else sides[sides.length - 1]!.push(line);
  }
  return sides.map((s) => s.join('\n').trim());
}

interface DeckInfo {
  name: string;
  trashed: boolean;
  reverse: boolean;
  templateId: string;
}

export async function readMochi(bytes: Uint8Array, fileName: string, opts: MochiOptions = {}): Promise<ImportPlan> {
  const now = opts.now ?? Date.now();
  const { data, files } = readManifest(bytes, fileName);
  if (!isObj(data) || (!('decks' in data) && !('cards' in data)))
    throw new AppError(ErrorCode.Corrupt, `"${fileName}" is not a Mochi export: its data file has no decks or cards.`);
  const warnings: string[] = [];

  // Templates by id: content, and field id → name/type.
  const templates = new Map<string, { content: string; fields: Map<string, { name: string; type: string }> }>();
  for (const t of items(data.templates)) {
    if (!isObj(t)) continue;
    const fields = new Map<string, { name: string; type: string }>();
    for (const f of items(t.fields)) if (isObj(f)) fields.set(text(f.id), { name: text(f.name) || text(f.id), type: text(f.type) });
    templates.set(text(t.id), { content: text(t.content), fields });
  }

  // Decks: names through parent ids; cards inline or at the root with a deck id.
  const rawDecks = items(data.decks).filter(isObj);
  const byId = new Map<string, Obj>();
  rawDecks.forEach((d, i) => byId.set(text(d.id) || `#${i}`, d));
  const info = new Map<string, DeckInfo>();
  const resolve = (id: string, seen: Set<string>): DeckInfo => {
    const known = info.get(id);
    if (known) return known;
    const d = byId.get(id)!;
    const own = normalizeDeckName(text(d.name).replace(/::/g, ' ')) || 'Untitled';
    const parentId = text(d['parent-id']);
    const parent = parentId && byId.has(parentId) && !seen.has(parentId) ? resolve(parentId, new Set([...seen, id])) : undefined;
    const result: DeckInfo = {
      name: parent ? `${parent.name}::${own}` : own,
      trashed: truthy(d['trashed?']) || (parent?.trashed ?? false),
      reverse: truthy(d['review-reverse?']),
      templateId: text(d['template-id']),
    };
    info.set(id, result);
    return result;
  };
  for (const id of byId.keys()) resolve(id, new Set());

  const rawCards: { card: Obj; deckId: string }[] = [];
  rawDecks.forEach((d, i) => {
    const id = text(d.id) || `#${i}`;
    for (const c of items(d.cards)) if (isObj(c)) rawCards.push({ card: c, deckId: id });
  });
  for (const c of items(data.cards)) if (isObj(c)) rawCards.push({ card: c, deckId: text(c['deck-id']) });

  const fallbackDeck = deckNameFromFile(fileName);
  const notes: PlanNote[] = [];
  const cards: PlanCard[] = [];
  const deckNames = new Set<string>();
  const referenced = new Map<string, Set<string>>();
  const missing = new Set<string>();
  const usedIds = new Set<string>();
  const counts = { trashedCards: 0, trashedDecks: 0, empty: 0, archived: 0, reviewed: 0, noDeck: 0, noTemplate: 0, generated: new Set<string>() };
  counts.trashedDecks = [...info.values()].filter((d) => d.trashed).length;
  let clozeNotes = 0;

  for (const { card, deckId } of rawCards) {
    const deck = info.get(deckId);
    if (deck?.trashed) continue; // counted with its deck
    if (truthy(card['trashed?'])) {
      counts.trashedCards++;
      continue;
    }
    if (!deck) counts.noDeck++;
    const deckName = deck?.name ?? fallbackDeck;

    // Content: the card's own, or its template's filled with its fields.
    let content = text(card.content);
    const templateId = text(card['template-id']) || (content.trim() === '' ? (deck?.templateId ?? '') : '');
    if (templateId) {
      const t = templates.get(templateId);
      if (!t) counts.noTemplate++;
      else {
        const values = new Map<string, string>();
        const cardFields = isObj(card.fields) ? card.fields : {};
        for (const [fid, f] of t.fields) {
          const entry = cardFields[fid];
          const v = isObj(entry) ? entry.value : entry;
          const value = typeof v === 'boolean' ? String(v) : text(v);
          if (value === '' && !PLAIN_FIELD_TYPES.has(f.type)) counts.generated.add(f.type);
          values.set(f.name.trim().toLowerCase(), value);
        }
        if (!values.has('name') && text(card.name)) values.set('name', text(card.name));
        content = renderTemplate(t.content, values);
      }
    }
    if (content.trim() === '') content = text(card.name);
    if (content.trim() === '') {
      counts.empty++;
      continue;
    }

    const media = mediaRefs(mochiClozes(content));
    const sides = splitSides(media.md);
    const front = sides[0] ?? '';
    const back = sides.slice(1).filter((s) => s !== '').join('\n\n---\n\n');
    const numbers = clozeNumbers(front + '\n' + back);
    const kind = numbers.length > 0 ? 'cloze' : truthy(card['review-reverse?']) || (card['review-reverse?'] === undefined && deck?.reverse) ? 'reversed' : 'basic';
    if (kind !== 'cloze' && front === '') {
      counts.empty++;
      continue;
    }

    const sourceId = text(card.id);
    let id = `mochi-${stableHash(sourceId ? `id\x1f${sourceId}` : `${deckName.toLowerCase()}\x1f${content}`)}`;
    for (let k = 2; usedIds.has(id); k++) id = `mochi-${stableHash(`${sourceId}\x1f${deckName.toLowerCase()}\x1f${content}\x1f${k}`)}`;
    usedIds.add(id);

    const planDeckId = deckIdForName(deckName);
    deckNames.add(deckName);
    const tags = items(card.tags).map(text).filter((t) => t !== '');
    const mtime = (typeof card['updated-at'] === 'number' ? card['updated-at'] : typeof card['created-at'] === 'number' ? card['created-at'] : now) as number;
    if (kind === 'cloze') clozeNotes++;
    notes.push({ id, deckId: planDeckId, kind, format: 'markdown', front, back, tags, topics: [], mtime });

    const archived = truthy(card['archived?']);
    if (archived) counts.archived++;
    if (items(card.reviews).length || items(card['reverse-reviews']).length || items(card['cloze/reviews']).length) counts.reviewed++;
    const schedule: PlanSchedule | undefined = archived ? { type: 0, dueAt: 0, ivlDays: 0, factor: 0, reps: 0, lapses: 0, suspended: true } : undefined;
    const ords = kind === 'cloze' ? numbers.map((n) => n - 1) : kind === 'reversed' ? [0, 1] : [0];
    for (const ord of ords) cards.push({ id: cardIdFor(id, ord), noteId: id, deckId: planDeckId, ord, newPosition: cards.length, ...(schedule ? { schedule } : {}) });

    for (const ref of media.refs) {
      let name = ref;
      try {
        name = decodeURIComponent(ref);
      } catch {
        /* as written */
      }
      const found = files.has(ref) ? ref : files.has(name) ? name : undefined;
      if (!found) {
        missing.add(name);
        continue;
      }
      const set = referenced.get(found) ?? new Set<string>();
      set.add(planDeckId);
      referenced.set(found, set);
    }
  }

  if (notes.length === 0)
    throw new AppError(ErrorCode.NoRows, `Nothing to import from "${fileName}": it has no cards${counts.trashedCards + counts.trashedDecks ? ' outside the trash' : ''}.`);

  // Decks: every deck that is not in the trash, with its parents.
  const wanted = new Set<string>(deckNames);
  for (const d of info.values()) if (!d.trashed) wanted.add(d.name);
  for (const n of [...wanted]) for (const a of deckAncestors(n)) wanted.add(a);
  const decks: PlanDeck[] = [...wanted].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())).map((name) => ({ id: deckIdForName(name), name }));

  // Media: with the decks whose cards show them; unreferenced attachments with the first deck that has cards.
  const firstDeck = cards[0]!.deckId;
  const media: PlanMedia[] = [];
  for (const [name, readFile] of files) {
    const data = readFile();
    const mime = mimeFor(name, data);
    for (const deckId of referenced.get(name) ?? [firstDeck]) media.push({ deckId, name, mime, data });
  }

  const missingMedia = [...missing].sort();
  if (counts.trashedCards) warnings.push(`${plural(counts.trashedCards, 'card', 'cards')} in Mochi's trash ${wasWere(counts.trashedCards)} skipped.`);
  if (counts.trashedDecks) warnings.push(`${plural(counts.trashedDecks, 'deck', 'decks')} in Mochi's trash ${wasWere(counts.trashedDecks)} skipped with ${counts.trashedDecks === 1 ? 'its' : 'their'} cards.`);
  if (counts.archived) warnings.push(`${plural(counts.archived, 'archived card was', 'archived cards were')} imported suspended.`);
  if (counts.empty) warnings.push(`${plural(counts.empty, 'card has', 'cards have')} no content and ${wasWere(counts.empty)} skipped.`);
  if (counts.noTemplate) warnings.push(`${plural(counts.noTemplate, 'card uses', 'cards use')} a template the export does not include; ${counts.noTemplate === 1 ? 'its' : 'their'} own content was imported instead.`);
  if (counts.noDeck) warnings.push(`${plural(counts.noDeck, 'card names', 'cards name')} a deck the export does not include; ${counts.noDeck === 1 ? 'it went' : 'they went'} to "${fallbackDeck}".`);
  if (counts.generated.size)
    warnings.push(`Template fields Mochi fills in itself (${[...counts.generated].sort().join(', ')}) are not imported; they show as empty.`);
  if (counts.reviewed) warnings.push(`The review history of ${plural(counts.reviewed, 'card', 'cards')} is not imported (Mochi records only remembered/forgot); ${counts.reviewed === 1 ? 'it starts' : 'they start'} as new.`);
  if (missingMedia.length) warnings.push(`${plural(missingMedia.length, 'attachment is', 'attachments are')} referenced but not in the file: ${quoted(missingMedia)}. Those images will not show.`);

  return {
    format: 'mochi',
    decks,
    notes,
    cards,
    revlog: [],
    media,
    warnings,
    stats: { clozeNotes, mediaInMap: files.size, missingMedia, strippedScripts: 0 },
  };
}
