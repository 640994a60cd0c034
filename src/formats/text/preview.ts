/**
 * What the import screen shows before a text import: the detected separator and encoding,
 * whether the first row holds names, the first rows, and a suggested role for each column.
 */
import { analyzeText, type TextOptions } from './analyze';
import type { ColumnRole } from './columns';
import { separatorName } from './headers';
import type { TextEncodingName } from './decode';
import type { QuizletOptions } from './quizlet';

export interface TextPreview {
  encoding: TextEncodingName;
  separator: string;
  /** "Comma", "Tab", "Pipe", … or the character itself. */
  separatorName: string;
  /** The file carries Anki `#key:value` headers. */
  hasAnkiHeaders: boolean;
  hasHeaderRow: boolean;
  headerRow?: string[];
  /** Column names from the header row, `#columns:`, or Term/Definition for Quizlet. */
  columnNames?: string[];
  /** Set when the file was read as a Quizlet export. */
  quizlet?: QuizletOptions;
  html: boolean;
  deck?: string;
  notetype?: string;
  columnCount: number;
  /** The first data rows, as parsed (up to `rowLimit`). */
  rows: string[][];
  suggestedColumns: ColumnRole[];
  warnings: string[];
}

export function previewText(bytes: Uint8Array, fileName: string, opts: TextOptions = {}, rowLimit = 10): TextPreview {
  // Only the head of a large file is parsed: enough for the first rows and the column guess.
  const a = analyzeText(bytes, fileName, opts, 500);
  return {
    encoding: a.encoding,
    separator: a.separator,
    separatorName: separatorName(a.separator),
    hasAnkiHeaders: a.headers.present,
    hasHeaderRow: a.hasHeaderRow,
    ...(a.headerRow ? { headerRow: a.headerRow } : {}),
    ...(a.columnNames ? { columnNames: a.columnNames } : {}),
    ...(a.quizlet ? { quizlet: a.quizlet } : {}),
    html: a.html,
    ...(a.headers.deck ? { deck: a.headers.deck } : {}),
    ...(a.headers.notetype ? { notetype: a.headers.notetype } : {}),
    columnCount: a.columnCount,
    rows: a.records.slice(0, rowLimit).map((r) => r.fields),
    suggestedColumns: a.suggestedColumns,
    warnings: a.warnings,
  };
}
