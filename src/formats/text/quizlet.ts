/**
 * Quizlet's "Export" text: one card per row, the term and the definition joined by the
 * separator chosen in Quizlet's export dialog ("Between term and definition": Tab, Comma or
 * custom; "Between rows": New line, Semicolon or custom). Nothing is quoted or escaped, so the
 * term ends at the first term separator, and a definition holds line breaks only when the row
 * separator is not a plain new line.
 */
import { AppError, ErrorCode } from '../../core/errors';
import type { DelimitedRecord } from './csv';

export interface QuizletOptions {
  /** Between term and definition (Quizlet's default: a tab). */
  term: string;
  /** Between cards (Quizlet's default: a new line). */
  card: string;
}

export const QUIZLET_DEFAULT: QuizletOptions = { term: '\t', card: '\n' };

/** `\t`, `\n`, `\r` and `\\` typed as escapes (command line, the custom separator fields). */
export function unescapeSeparator(s: string): string {
  return s.replace(/\\([tnr\\])/g, (_, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : '\\'));
}

/** The inverse of `unescapeSeparator`, to show a separator in a text field or a message. */
export function escapeSeparator(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\r/g, '\\r').replace(/\n/g, '\\n');
}

export function describeSeparator(s: string): string {
  if (s === '\t') return 'a tab';
  if (s === '\n') return 'a new line';
  if (s === ',') return 'a comma';
  if (s === ';') return 'a semicolon';
  return `"${escapeSeparator(s)}"`;
}

export interface QuizletRows {
  records: DelimitedRecord[];
  /** Lines of cards without a term separator (imported with an empty definition). */
  withoutTerm: number[];
}

function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

export function splitQuizlet(text: string, fileName: string, opts: QuizletOptions): QuizletRows {
  if (opts.term === '') throw new AppError(ErrorCode.Invalid, 'The separator between term and definition is empty: type the one chosen in Quizlet\u2019s export (for example \\t for a tab).');
  if (opts.card === '') throw new AppError(ErrorCode.Invalid, 'The separator between cards is empty: type the one chosen in Quizlet\u2019s export (for example \\n for a new line).');
  if (opts.term === opts.card) throw new AppError(ErrorCode.Invalid, `The two separators are the same (${describeSeparator(opts.term)}): a card could not be told from a definition. Choose the ones used in Quizlet\u2019s export.`);
  // Line ends as one kind, so a "\n" separator also splits Windows and old Mac files.
  const body = text.replace(/\r\n?/g, '\n');
  const card = opts.card.replace(/\r\n?/g, '\n');
  const term = opts.term.replace(/\r\n?/g, '\n');
  const records: DelimitedRecord[] = [];
  const withoutTerm: number[] = [];
  let line = 1;
  let at = 0;
  while (at <= body.length) {
    let end = body.indexOf(card, at);
    if (end < 0) end = body.length;
    const chunk = body.slice(at, end);
    // A card starts on its first non-blank line (custom separators are often followed by a line break).
    const lead = /^\s*/.exec(chunk)![0];
    const start = line + countLines(lead, 0, lead.length);
    if (chunk.trim() !== '') {
      const cut = chunk.indexOf(term, lead.length);
      if (cut < 0) {
        withoutTerm.push(start);
        records.push({ fields: [chunk.trim(), ''], line: start });
      } else {
        records.push({ fields: [chunk.slice(0, cut).trim(), chunk.slice(cut + term.length).trim()], line: start });
      }
    }
    line += countLines(body, at, Math.min(body.length, end + card.length));
    if (end >= body.length) break;
    at = end + card.length;
  }
  if (records.length > 0 && withoutTerm.length === records.length)
    throw new AppError(
      ErrorCode.NoRows,
      `None of the ${records.length} card${records.length === 1 ? '' : 's'} in "${fileName}" has the separator between term and definition (${describeSeparator(opts.term)}): choose the separators used in Quizlet\u2019s export.`,
    );
  return { records, withoutTerm };
}
