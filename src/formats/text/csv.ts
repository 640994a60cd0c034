/**
 * RFC 4180 records with a chosen separator: quoted fields may hold separators, doubled quotes
 * and line breaks; CRLF, LF and CR all end records. Lenient where files in the wild are sloppy:
 * a quote inside an unquoted field is literal, text after a closing quote is kept, and an
 * unterminated quote runs to the end of the file (reported, so the preview can warn).
 */

export interface DelimitedRecord {
  fields: string[];
  /** 1-based line where the record starts. */
  line: number;
}

export interface DelimitedResult {
  records: DelimitedRecord[];
  /** Line of a quoted field that never closed, if any. */
  unterminatedQuoteLine?: number;
}

function countLineBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}

export function parseDelimited(text: string, separator: string, firstLine = 1, maxRecords = Infinity): DelimitedResult {
  const records: DelimitedRecord[] = [];
  const sep = separator === '' ? ',' : separator;
  const n = text.length;
  let line = firstLine;
  let i = 0;
  let unterminatedQuoteLine: number | undefined;
  while (i < n && records.length < maxRecords) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let value = '';
      if (text.charCodeAt(i) === 34 /* " */) {
        const quoteLine = line;
        let from = i + 1;
        for (;;) {
          const q = text.indexOf('"', from);
          if (q < 0) {
            value += text.slice(from);
            line += countLineBreaks(text, from, n);
            unterminatedQuoteLine ??= quoteLine;
            i = n;
            break;
          }
          value += text.slice(from, q);
          line += countLineBreaks(text, from, q);
          if (text.charCodeAt(q + 1) === 34) {
            value += '"';
            from = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
      }
      // Unquoted text, or whatever follows a closing quote, up to the separator or line end.
      let end = i;
      while (end < n) {
        const c = text.charCodeAt(end);
        if (c === 10 || c === 13 || text.startsWith(sep, end)) break;
        end++;
      }
      value += text.slice(i, end);
      i = end;
      fields.push(value);
      if (i < n && text.startsWith(sep, i)) {
        i += sep.length;
        continue;
      }
      break;
    }
    if (text.charCodeAt(i) === 13) i++;
    if (text.charCodeAt(i) === 10) i++;
    line++;
    records.push({ fields, line: start });
  }
  return { records, ...(unterminatedQuoteLine !== undefined ? { unterminatedQuoteLine } : {}) };
}

/** A record of one empty field: a blank line. */
export function isBlankRecord(r: DelimitedRecord): boolean {
  return r.fields.every((f) => f.trim() === '');
}

/** RFC 4180 field: quoted when it holds the separator, a quote or a line break. */
export function quoteField(value: string, separator = ','): string {
  return value.includes(separator) || /["\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
