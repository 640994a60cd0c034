/**
 * Schema 11 (collection.anki2 and collection.anki21): note types and decks are JSON objects in
 * the single `col` row. Older files use string ids and extra keys; everything is read defensively.
 */
import { AppError, ErrorCode } from '../../core/errors';
import { normalizeDeckName } from '../shared/ids';
import type { AnkiDeck, AnkiNotetype, AnkiTemplate } from './model';

type Json = Record<string, unknown>;

function parseObject(text: string, what: string, member: string): Json {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new AppError(ErrorCode.Corrupt, `The collection "${member}" is damaged: its ${what} are not valid JSON.`, { cause });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new AppError(ErrorCode.Corrupt, `The collection "${member}" is damaged: its ${what} are not a JSON object.`);
  return value as Json;
}

const asNumber = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN);
const asString = (v: unknown): string => (typeof v === 'string' ? v : '');
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const asObject = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});

export function readLegacyNotetypes(modelsJson: string, member: string): Map<number, AnkiNotetype> {
  const out = new Map<number, AnkiNotetype>();
  for (const [key, raw] of Object.entries(parseObject(modelsJson, 'note types', member))) {
    const m = asObject(raw);
    const id = Number.isFinite(asNumber(m.id)) ? asNumber(m.id) : asNumber(key);
    if (!Number.isFinite(id)) continue;
    const fields = asArray(m.flds)
      .map(asObject)
      .map((f, i) => ({ ord: Number.isFinite(asNumber(f.ord)) ? asNumber(f.ord) : i, name: asString(f.name) }))
      .sort((a, b) => a.ord - b.ord)
      .map((f) => f.name);
    const templates: AnkiTemplate[] = asArray(m.tmpls)
      .map(asObject)
      .map((t, i) => ({ ord: Number.isFinite(asNumber(t.ord)) ? asNumber(t.ord) : i, name: asString(t.name), qfmt: asString(t.qfmt), afmt: asString(t.afmt) }))
      .sort((a, b) => a.ord - b.ord);
    out.set(id, { id, name: asString(m.name) || `Note type ${id}`, cloze: asNumber(m.type) === 1, fields, templates, latexSvg: m.latexsvg === true, css: asString(m.css) });
  }
  return out;
}

export function readLegacyDecks(decksJson: string, member: string): Map<number, AnkiDeck> {
  const out = new Map<number, AnkiDeck>();
  for (const [key, raw] of Object.entries(parseObject(decksJson, 'decks', member))) {
    const d = asObject(raw);
    const id = Number.isFinite(asNumber(d.id)) ? asNumber(d.id) : asNumber(key);
    if (!Number.isFinite(id)) continue;
    out.set(id, { id, name: normalizeDeckName(asString(d.name)) || `Deck ${id}`, filtered: asNumber(d.dyn) === 1, description: asString(d.desc) });
  }
  return out;
}
