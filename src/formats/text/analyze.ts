/**
 * The shared first half of reading a text file, used by both the preview and the reader:
 * decoding, Anki headers, separator, records, header row and column roles.
 */
import { decodeText, type TextEncodingName } from './decode';
import { isBlankRecord, parseDelimited, type DelimitedRecord } from './csv';
import { detectSeparator, looksLikeHeaderRow, suggestRoles, type ColumnRole } from './columns';
import { readHeaders, separatorFromName, type TextHeaders } from './headers';
import { describeSeparator, splitQuizlet, type QuizletOptions } from './quizlet';

export interface TextOptions {
  /** Separator override (a character, or Comma/Semicolon/Tab/Space/Pipe/Colon). */
  separator?: string;
  /** Role per column, overriding the suggestion. */
  columns?: ColumnRole[];
  /** Fields are HTML (true) or plain text to escape (false); default: the `#html:` header, else guessed. */
  html?: boolean;
  /** Whether the first data row holds column names; default: recognised by its names. */
  hasHeaderRow?: boolean;
  /** Deck for rows without a deck column; default: the `#deck:` header, else the file name. */
  deckName?: string;
  /** The file is a Quizlet export with these separators (no quoting, no headers). */
  quizlet?: QuizletOptions;
}

export interface TextAnalysis {
  encoding: TextEncodingName;
  headers: TextHeaders;
  separator: string;
  hasHeaderRow: boolean;
  headerRow?: string[];
  /** Data records: header lines, the header row and blank lines excluded. */
  records: DelimitedRecord[];
  columnCount: number;
  suggestedColumns: ColumnRole[];
  columns: ColumnRole[];
  html: boolean;
  /** Names of the columns (header row or `#columns:`), where the file has them. */
  columnNames?: string[];
  quizlet?: QuizletOptions;
  warnings: string[];
}

const HTML_TAG = /<\/?[a-z][a-z0-9]*\b[^>]*>|&(?:[a-z]+|#\d+|#x[0-9a-f]+);/i;

export function analyzeText(bytes: Uint8Array, fileName: string, opts: TextOptions = {}, maxRecords = Infinity): TextAnalysis {
  const { text, encoding } = decodeText(bytes, fileName);
  if (opts.quizlet) return analyzeQuizlet(text, encoding, fileName, opts, opts.quizlet, maxRecords);
  const headers = readHeaders(text);
  let body = text;
  for (let k = 0; k < headers.lineCount; k++) {
    const nl = /\r\n|\n|\r/.exec(body);
    body = nl ? body.slice(nl.index + nl[0].length) : '';
  }
  const preferred = /\.(tsv|txt)$/i.test(fileName) ? '\t' : /\.csv$/i.test(fileName) ? ',' : undefined;
  const override = opts.separator !== undefined && opts.separator !== '' ? (separatorFromName(opts.separator) ?? opts.separator) : undefined;
  const separator = override ?? headers.separator ?? detectSeparator(body, preferred) ?? preferred ?? ',';
  const parsed = parseDelimited(body, separator, headers.lineCount + 1, maxRecords);
  const warnings: string[] = [];
  if (parsed.unterminatedQuoteLine !== undefined)
    warnings.push(`A quoted field starting on line ${parsed.unterminatedQuoteLine} is never closed; it runs to the end of the file.`);
  let records = parsed.records.filter((r) => !isBlankRecord(r));
  // Anki reads every row after its `#` headers as data (names go in `#columns:`); so does this, unless told.
  const hasHeaderRow = opts.hasHeaderRow ?? (!headers.present && looksLikeHeaderRow(records[0]));
  const headerRow = hasHeaderRow ? records[0]?.fields : undefined;
  if (hasHeaderRow) records = records.slice(1);
  let columnCount = headerRow?.length ?? 0;
  for (const r of records) columnCount = Math.max(columnCount, r.fields.length);
  const suggestedColumns = suggestRoles(columnCount, headers, separator, headerRow);
  const columns = opts.columns ? suggestedColumns.map((r, i) => opts.columns?.[i] ?? r) : suggestedColumns;
  const html = opts.html ?? headers.html ?? records.slice(0, 500).some((r) => r.fields.some((f) => HTML_TAG.test(f)));
  const columnNames = headers.columns !== undefined ? headers.columns.split(separator).map((n) => n.trim()) : headerRow?.map((n) => n.trim());
  return { encoding, headers, separator, hasHeaderRow, ...(headerRow ? { headerRow } : {}), records, columnCount, suggestedColumns, columns, html, ...(columnNames ? { columnNames } : {}), warnings };
}

function analyzeQuizlet(text: string, encoding: TextEncodingName, fileName: string, opts: TextOptions, quizlet: QuizletOptions, maxRecords: number): TextAnalysis {
  const split = splitQuizlet(text, fileName, quizlet);
  const records = split.records.slice(0, maxRecords);
  const warnings: string[] = [];
  const missing = split.withoutTerm;
  if (missing.length)
    warnings.push(
      `${missing.length} card${missing.length === 1 ? ' has' : 's have'} no separator (${describeSeparator(quizlet.term)}) between term and definition (line${missing.length === 1 ? '' : 's'} ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}): imported with an empty back. Check the separators if that is wrong.`,
    );
  const suggestedColumns: ColumnRole[] = ['front', 'back'];
  const columns = opts.columns ? suggestedColumns.map((r, i) => opts.columns?.[i] ?? r) : suggestedColumns;
  return {
    encoding,
    headers: { tags: [], lineCount: 0, present: false },
    separator: quizlet.term,
    hasHeaderRow: false,
    records,
    columnCount: 2,
    suggestedColumns,
    columns,
    // Quizlet exports plain text: "<" in a definition is a character, not a tag.
    html: opts.html ?? false,
    columnNames: ['Term', 'Definition'],
    quizlet,
    warnings,
  };
}
