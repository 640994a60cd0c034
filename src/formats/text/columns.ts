/**
 * Separator detection and column roles. The separator is the candidate that splits the first
 * records into the most consistent number (≥ 2) of columns; a header row is recognised by its
 * cell names; roles come from `#columns:`/`#… column:` headers, a header row, or position.
 */
import { isBlankRecord, parseDelimited, type DelimitedRecord } from './csv';
import type { TextHeaders } from './headers';

export type ColumnRole = 'front' | 'back' | 'tags' | 'deck' | 'guid' | 'notetype' | 'ignore';

const CANDIDATES = ['\t', '|', ';', ','];

/** Best separator for `body`; `preferred` wins ties (e.g. tab for .tsv). */
export function detectSeparator(body: string, preferred?: string): string | undefined {
  const sample = body.slice(0, 64 * 1024);
  let best: { sep: string; score: number; columns: number } | undefined;
  const order = preferred ? [preferred, ...CANDIDATES.filter((c) => c !== preferred)] : CANDIDATES;
  for (const sep of order) {
    const records = parseDelimited(sample, sep, 1, 40).records.filter((r) => !isBlankRecord(r));
    // The last sampled record may be cut off by the sample window.
    const usable = records.length > 1 && sample.length < body.length ? records.slice(0, -1) : records;
    if (usable.length === 0) continue;
    const counts = new Map<number, number>();
    for (const r of usable) counts.set(r.fields.length, (counts.get(r.fields.length) ?? 0) + 1);
    const [columns, hits] = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]!;
    if (columns < 2) continue;
    const score = hits / usable.length;
    if (!best || score > best.score + 1e-9) best = { sep, score, columns };
  }
  return best?.sep;
}

/**
 * Column names people use, by role (Anki field names, Quizlet/Brainscape/RemNote/spreadsheet
 * headers). Compared case-insensitively, with `_`, `-` and repeated spaces read as one space.
 */
const NAMES: Record<Exclude<ColumnRole, 'ignore'>, string[]> = {
  front: ['front', 'question', 'questions', 'term', 'terms', 'prompt', 'text', 'word', 'q', 'front side', 'side 1', 'side a', 'card front', 'cue', 'kanji', 'vocab', 'vocabulary', 'expression'],
  back: ['back', 'answer', 'answers', 'definition', 'definitions', 'response', 'meaning', 'extra', 'back extra', 'a', 'back side', 'side 2', 'side b', 'card back', 'translation', 'explanation'],
  tags: ['tags', 'tag', 'labels', 'keywords'],
  deck: ['deck', 'deck name', 'category', 'categories', 'subdeck', 'sub deck', 'deck path', 'folder', 'topic', 'set'],
  guid: ['guid', 'id', 'uuid', 'note id', 'noteid', 'card id', 'unique id', 'identifier'],
  notetype: ['notetype', 'note type', 'type', 'card type', 'model', 'note model'],
};

const ROLE_BY_NAME = new Map<string, ColumnRole>(Object.entries(NAMES).flatMap(([role, names]) => names.map((n) => [n, role as ColumnRole] as const)));

/** `Note_Type` → `note type`; a byte-order mark, quotes and a trailing colon are dropped. */
export function normalizeColumnName(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/^["'`]+|["'`:]+$/g, '')
    .replace(/[_\-\s]+/g, ' ')
    .trim()
    .toLowerCase();
}

export function roleForName(name: string): ColumnRole | undefined {
  return ROLE_BY_NAME.get(normalizeColumnName(name));
}

/**
 * A first row of column names: cells naming both the front and the back, or at least two roles
 * (one of them the front or the back) making at least half of its non-empty cells, so extra
 * columns such as "Source" or "Notes" do not hide a header.
 */
export function looksLikeHeaderRow(record: DelimitedRecord | undefined): boolean {
  if (!record || record.fields.length < 2) return false;
  const cells = record.fields.map((f) => f.trim()).filter((f) => f !== '');
  if (cells.length < 2 || cells.some((c) => c.length > 40 || /[<>{}]/.test(c))) return false;
  const roles = cells.map((c) => roleForName(c)).filter((r): r is ColumnRole => r !== undefined);
  const distinct = new Set(roles);
  // Both sides named (not just "q" and "a"): a header whatever else it holds (front,back,created_at,…).
  const named = new Set(cells.filter((c) => normalizeColumnName(c).length > 1).map((c) => roleForName(c)));
  if (named.has('front') && named.has('back')) return true;
  return distinct.size >= 2 && (distinct.has('front') || distinct.has('back')) && roles.length * 2 >= cells.length;
}

const SINGLE: ColumnRole[] = ['tags', 'deck', 'guid', 'notetype'];

/**
 * Roles for `count` columns: `#… column:` headers first, then names (from `#columns:` or a header
 * row), then position: the remaining columns fill front, then back, the rest are ignored. When
 * the columns have names, an unnamed or unknown one only fills a missing front or back.
 */
export function suggestRoles(count: number, headers: TextHeaders, separator: string, headerRow?: string[]): ColumnRole[] {
  const names = headers.columns !== undefined ? headers.columns.split(separator) : headerRow;
  const roles: (ColumnRole | undefined)[] = new Array<ColumnRole | undefined>(count).fill(undefined);
  const explicit: [number | undefined, ColumnRole][] = [
    [headers.deckColumn, 'deck'],
    [headers.tagsColumn, 'tags'],
    [headers.guidColumn, 'guid'],
    [headers.notetypeColumn, 'notetype'],
  ];
  for (const [column, role] of explicit) if (column !== undefined && column <= count) roles[column - 1] = role;
  for (let i = 0; i < count; i++) {
    if (roles[i] !== undefined || names?.[i] === undefined) continue;
    const role = roleForName(names[i]!);
    // Tags, deck, guid and note type come from one column each: a second one is ignored.
    roles[i] = role && SINGLE.includes(role) && roles.includes(role) ? 'ignore' : role;
  }
  let next: ColumnRole = roles.includes('front') ? (roles.includes('back') ? 'ignore' : 'back') : 'front';
  return roles.map((role) => {
    if (role !== undefined) return role;
    const assigned = next;
    next = next === 'front' ? (roles.includes('back') ? 'ignore' : 'back') : 'ignore';
    return assigned;
  });
}
