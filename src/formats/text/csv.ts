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

export function parseDelimited(text: string, separator: string, firstLine = 1, maxRecords = Infinity): DelimitedResult {
  const records: DelimitedRecord[] = [];
  const sep = separator === '' ? ',' : separator;
  let line = firstLine;
  let i = 0;
  let unterminatedQuoteLine: number | undefined;
  const n = text.length;
  while (i < n && records.length < maxRecords) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let value = '';
      if (text[i] === '"') {
        const quoteLine = line;
        i++;
        let closed = false;
        while (i < n) {
          const ch = text[i]!;
          if (ch === '"') {
            if (text[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
          value += ch;
          i++;
        }
        if (!closed) unterminatedQuoteLine ??= quoteLine;
      }
      // Unquoted text, or whatever follows a closing quote, up to the separator or line end.
      while (i < n && text[i] !== '\n' && text[i] !== '\r' && !text.startsWith(sep, i)) value += text[i++];
      fields.push(value);
      if (i < n && text.startsWith(sep, i)) {
        i += sep.length;
        continue;
      }
      break;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
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
