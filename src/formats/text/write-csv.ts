/**
 * Notes to CSV (RFC 4180, CRLF line ends, UTF-8 with a byte-order mark so spreadsheet apps
 * pick the right encoding): a header row `front,back,tags`, then one row per note.
 */
import type { Note } from '../../core/types';
import { quoteField } from './csv';

export type CsvNote = Pick<Note, 'front' | 'back' | 'tags'>;

export function writeCsv(notes: readonly CsvNote[]): Uint8Array {
  const rows = [['front', 'back', 'tags'], ...notes.map((n) => [n.front, n.back, n.tags.join(' ')])];
  const text = rows.map((r) => r.map((f) => quoteField(f, ',')).join(',')).join('\r\n') + '\r\n';
  return new TextEncoder().encode('\uFEFF' + text);
}
