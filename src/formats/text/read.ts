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

export function readText(bytes: Uint8Array, fileName: string, opts: TextReadOptions = {}): ImportPlan {
  const a = analyzeText(bytes, fileName, opts);
  const warnings = [...a.warnings];
  const pick = (fields: string[], role: ColumnRole): string[] => a.columns.flatMap((r, i) => (r === role && fields[i] !== undefined ? [fields[i]!] : []));
  const defaultDeck = normalizeDeckName(opts.deckName ?? a.headers.deck ?? '') || deckNameFromFile(fileName);
  const toHtml = (s: string) => (a.html ? s : textToHtml(s));
  const decks = new Map<string, PlanDeck>();
  const notes: PlanNote[] = [];
  const cards: PlanCard[] = [];
  const usedIds = new Set<string>();
  const skipped: number[] = [];
  let repeated = 0;
  let scripts = 0;
  let clozeNotes = 0;

  for (const record of a.records) {
    const front = pick(record.fields, 'front').map(toHtml).filter((f) => !isBlankHtml(f)).join('<br>');
    if (isBlankHtml(front)) {
      skipped.push(record.line);
      continue;
    }
    const back = pick(record.fields, 'back').map(toHtml).filter((f) => !isBlankHtml(f)).join('<br>');
    const deckName = normalizeDeckName(pick(record.fields, 'deck')[0] ?? '') || defaultDeck;
    const tags = [...a.headers.tags, ...pick(record.fields, 'tags').flatMap((t) => t.split(/\s+/))].filter((t, i, all) => t !== '' && all.indexOf(t) === i);
    const guid = pick(record.fields, 'guid')[0]?.trim() ?? '';
    const kind = kindFor(pick(record.fields, 'notetype')[0]?.trim() || a.headers.notetype || '', front);
    let id = guid ? noteIdForGuid(guid) : `text-${stableHash(`${deckName.toLowerCase()}\x1f${front}`)}`;
    if (usedIds.has(id)) {
      repeated++;
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
      ...(guid ? { guid } : {}),
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
  if (scripts) warnings.push(`${scripts} script${scripts === 1 ? '' : 's'} or event handler${scripts === 1 ? '' : 's'} will be removed when the cards are shown.`);
  const format = a.headers.present || /\.txt$/i.test(fileName) ? 'anki-text' : /\.tsv$/i.test(fileName) || a.separator === '\t' ? 'tsv' : 'csv';
  return {
    format,
    decks: [...decks.values()],
    notes,
    cards,
    revlog: [],
    media: [],
    warnings,
    stats: { clozeNotes, mediaInMap: 0, missingMedia: [], strippedScripts: scripts, rows: a.records.length },
  };
}
