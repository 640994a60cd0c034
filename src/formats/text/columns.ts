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

const ROLE_BY_NAME: Record<string, ColumnRole> = {
  front: 'front', question: 'front', text: 'front', term: 'front', word: 'front', prompt: 'front',
  back: 'back', answer: 'back', extra: 'back', 'back extra': 'back', definition: 'back', meaning: 'back',
  tags: 'tags', tag: 'tags', deck: 'deck', guid: 'guid', notetype: 'notetype', 'note type': 'notetype',
};

export function roleForName(name: string): ColumnRole | undefined {
  return ROLE_BY_NAME[name.trim().toLowerCase()];
}

/** A first row whose every non-empty cell is a known column name (with at least one front). */
export function looksLikeHeaderRow(record: DelimitedRecord | undefined): boolean {
  if (!record || record.fields.length < 2) return false;
  const cells = record.fields.map((f) => f.trim()).filter((f) => f !== '');
  return cells.length > 0 && cells.every((c) => roleForName(c) !== undefined) && cells.some((c) => roleForName(c) === 'front');
}

/**
 * Roles for `count` columns: `#… column:` headers first, then names (from `#columns:` or a header
 * row), then position: the remaining columns fill front, then back, the rest are ignored.
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
  for (let i = 0; i < count; i++) if (roles[i] === undefined && names?.[i] !== undefined) roles[i] = roleForName(names[i]!);
  let next: ColumnRole = roles.includes('front') ? (roles.includes('back') ? 'ignore' : 'back') : 'front';
  return roles.map((role) => {
    if (role !== undefined) return role;
    const assigned = next;
    next = next === 'front' ? (roles.includes('back') ? 'ignore' : 'back') : 'ignore';
    return assigned;
  });
}
