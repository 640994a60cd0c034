/**
 * Reader for Anki text files and CSV/TSV: one note per data row, columns mapped to front, back,
 * tags, deck, guid and note type. Ids are stable (the guid column, else a hash of deck and
 * front), so importing the same file again updates the notes it created.
 */
import { AppError, ErrorCode } from '../../core/errors';
import type { NoteKind } from '../../core/types';
import type { ImportPlan, PlanCard, PlanDeck, PlanNote } from '../plan';
import { clozeNumbers } from '../prepdeck/parse';
import { stableHash } from '../shared/hash';
import { countScriptCandidates, htmlToText, isBlankHtml, textToHtml } from '../shared/html';
import { cardIdFor, deckAncestors, deckIdForName, deckNameFromFile, noteIdForGuid, normalizeDeckName } from '../shared/ids';
import { analyzeText, type TextOptions } from './analyze';
import type { ColumnRole } from './columns';

export interface TextReadOptions extends TextOptions {
  /** Modification time given to the notes (readers never read the clock). */
  now?: number;
}

function kindFor(notetype: string, front: string): NoteKind {
  if (/cloze/i.test(notetype) || (notetype === '' && clozeNumbers(front).length > 0)) return clozeNumbers(front).length > 0 ? 'cloze' : 'basic';
  if (/revers/i.test(notetype)) return 'reversed';
  if (/type/i.test(notetype)) return 'type-in';
  return 'basic';
}

function ordinals(kind: NoteKind, front: string): number[] {
  if (kind === 'cloze') return clozeNumbers(front).map((n) => n - 1);
  return kind === 'reversed' ? [0, 1] : [0];
}

/** Note-type names this reader maps on its own (Anki's stock types and their translations' shapes). */
const KNOWN_TYPE = /^(basic|cloze)\b|revers|type/i;

/** Local media a note shows: `<img src>`, `<audio|video|source src>`, `[sound:…]`; web addresses excluded. */
function mediaRefs(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<(?:img|audio|video|source)\b[^>]*?\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
    const src = (m[1] ?? m[2] ?? m[3] ?? '').trim();
    if (src && !/^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(src)) out.push(src);
  }
  for (const m of html.matchAll(/\[sound:([^\]]+)\]/g)) out.push(m[1]!.trim());
  return out;
}

export function readText(bytes: Uint8Array, fileName: string, opts: TextReadOptions = {}): ImportPlan {
  const a = analyzeText(bytes, fileName, opts);
  const warnings = [...a.warnings];
  const pick = (fields: string[], role: ColumnRole): string[] => a.columns.flatMap((r, i) => (r === role && fields[i] !== undefined ? [fields[i]!] : []));
  const defaultDeck = normalizeDeckName(opts.deckName ?? a.headers.deck ?? '') || deckNameFromFile(fileName);
  // Anki's tags are separated by spaces; spreadsheets often write "biology, cells".
  const tagSplit = a.headers.present ? /\s+/ : /[\s,;]+/;
  const toHtml = (s: string) => (a.html ? s : textToHtml(s));
  const decks = new Map<string, PlanDeck>();
  const notes: PlanNote[] = [];
  const cards: PlanCard[] = [];
  const usedIds = new Set<string>();
  const skipped: number[] = [];
  let repeated = 0;
  let repeatedGuids = 0;
  let scripts = 0;
  const media = new Set<string>();
  let notesWithMedia = 0;
  const ignoredFilled = new Set<number>();
  let rowsIgnored = 0;
  const ignored = a.columns.flatMap((r, i) => (r === 'ignore' ? [i] : []));
  const unknownTypes = new Map<string, number>();
  let clozeNotes = 0;

  for (const record of a.records) {
    const lost = ignored.filter((i) => (record.fields[i] ?? '').trim() !== '');
    for (const i of lost) ignoredFilled.add(i);
    if (lost.length) rowsIgnored++;
    const front = pick(record.fields, 'front').map(toHtml).filter((f) => !isBlankHtml(f)).join('<br>');
    if (isBlankHtml(front)) {
      skipped.push(record.line);
      continue;
    }
    const back = pick(record.fields, 'back').map(toHtml).filter((f) => !isBlankHtml(f)).join('<br>');
    const deckName = normalizeDeckName(pick(record.fields, 'deck')[0] ?? '') || defaultDeck;
    const tags = [...a.headers.tags, ...pick(record.fields, 'tags').flatMap((t) => t.split(tagSplit))].filter((t, i, all) => t !== '' && all.indexOf(t) === i);
    const guid = pick(record.fields, 'guid')[0]?.trim() ?? '';
    const noteType = pick(record.fields, 'notetype')[0]?.trim() || a.headers.notetype || '';
    const kind = kindFor(noteType, front);
    if (noteType && !KNOWN_TYPE.test(noteType)) unknownTypes.set(noteType, (unknownTypes.get(noteType) ?? 0) + 1);
    const refs = mediaRefs(front + back);
    if (refs.length) {
      notesWithMedia++;
      for (const r of refs) media.add(r);
    }
    // Row numbers such as 1, 2, 3 in an "id" column are unique only within the file: scoped to its deck.
    const localId = /^\d{1,9}$/.test(guid);
    let id = guid ? noteIdForGuid(localId ? `${defaultDeck.toLowerCase()}\x1f${guid}` : guid) : `text-${stableHash(`${deckName.toLowerCase()}\x1f${front}`)}`;
    if (usedIds.has(id)) {
      if (guid) repeatedGuids++;
      else repeated++;
      let k = 2;
      while (usedIds.has(`${id}-${k}`)) k++;
      id = `${id}-${k}`;
    }
    usedIds.add(id);
    for (const name of [...deckAncestors(deckName), deckName])
      if (!decks.has(name.toLowerCase())) decks.set(name.toLowerCase(), { id: deckIdForName(name), name });
    const deckId = deckIdForName(deckName);
    scripts += countScriptCandidates(front) + countScriptCandidates(back);
    if (kind === 'cloze') clozeNotes++;
    notes.push({
      id, deckId, kind, format: 'html', front, back, tags, topics: [], mtime: opts.now ?? 0,
      ...(guid && !localId ? { guid } : {}),
      ...(noteType ? { noteType } : {}),
      ...(kind === 'type-in' ? { answer: htmlToText(back) } : {}),
    });
    for (const ord of ordinals(kind, front)) cards.push({ id: cardIdFor(id, ord), noteId: id, deckId, ord, newPosition: cards.length });
  }

  if (notes.length === 0) {
    const why = a.records.length === 0 ? 'it has no data rows' : `none of its ${a.records.length} rows has text in the front column`;
    throw new AppError(ErrorCode.NoRows, `Nothing to import from "${fileName}": ${why}.`);
  }
  if (skipped.length)
    warnings.push(`${skipped.length} row${skipped.length === 1 ? ' has' : 's have'} an empty front and ${skipped.length === 1 ? 'was' : 'were'} skipped (line${skipped.length === 1 ? '' : 's'} ${skipped.slice(0, 5).join(', ')}${skipped.length > 5 ? ', …' : ''}).`);
  if (repeated) warnings.push(`${repeated} row${repeated === 1 ? ' repeats' : 's repeat'} the front of an earlier row in the same deck; both are imported.`);
  if (repeatedGuids)
    warnings.push(`${repeatedGuids} row${repeatedGuids === 1 ? ' has' : 's have'} the same id (guid column) as an earlier row; both are imported, but importing the file again cannot tell them apart.`);
  if (ignoredFilled.size) {
    const cols = [...ignoredFilled].sort((x, y) => x - y);
    const label = (i: number) => (a.columnNames?.[i] ? `column ${i + 1} ("${a.columnNames[i]}")` : `column ${i + 1}`);
    warnings.push(
      `${cols.length === 1 ? `${label(cols[0]!)[0]!.toUpperCase()}${label(cols[0]!).slice(1)} is` : `${cols.length} columns are`} not imported${cols.length === 1 ? '' : ` (${cols.map(label).join(', ')})`}: ${rowsIgnored} row${rowsIgnored === 1 ? ' has' : 's have'} text there. To keep ${cols.length === 1 ? 'it' : 'them'}, choose Front or Back for ${cols.length === 1 ? 'it' : 'them'} on the column screen (several columns can go to the back).`,
    );
  }
  if (media.size) {
    const names = [...media];
    warnings.push(
      `${notesWithMedia} note${notesWithMedia === 1 ? ' refers' : 's refer'} to ${names.length} media file${names.length === 1 ? '' : 's'} (${names.slice(0, 3).map((n) => `"${n}"`).join(', ')}${names.length > 3 ? ', …' : ''}) that a text file cannot carry: ${names.length === 1 ? 'it' : 'they'} will show as missing. To bring media, export the deck from Anki as a package (.apkg) and import that.`,
    );
  }
  if (unknownTypes.size) {
    const list = [...unknownTypes.entries()].map(([name, n]) => `"${name}" (${n})`);
    warnings.push(`${list.length === 1 ? 'The note type' : `${list.length} note types`} ${list.slice(0, 4).join(', ')}${list.length > 4 ? ', …' : ''} ${list.length === 1 ? 'is' : 'are'} imported as basic front/back notes: their card templates and styling are not in a text file.`);
  }
  if (scripts) warnings.push(`${scripts} script${scripts === 1 ? '' : 's'} or event handler${scripts === 1 ? '' : 's'} will be removed when the cards are shown.`);
  const format = a.quizlet ? 'quizlet' : a.headers.present || /\.txt$/i.test(fileName) ? 'anki-text' : /\.tsv$/i.test(fileName) || a.separator === '\t' ? 'tsv' : 'csv';
  return {
    format,
    decks: [...decks.values()],
    notes,
    cards,
    revlog: [],
    media: [],
    warnings,
    stats: { clozeNotes, mediaInMap: 0, missingMedia: [...media], strippedScripts: scripts, rows: a.records.length },
  };
}
