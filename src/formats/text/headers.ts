/**
 * Anki's text-file headers: `#key:value` lines at the top of the file (Anki manual, "Importing
 * text files", file headers). Other lines starting with `#` there are comments.
 */

export interface TextHeaders {
  separator?: string;
  html?: boolean;
  tags: string[];
  /** Raw `#columns:` value, split once the separator is known. */
  columns?: string;
  deck?: string;
  notetype?: string;
  /** 1-based column numbers. */
  deckColumn?: number;
  tagsColumn?: number;
  guidColumn?: number;
  notetypeColumn?: number;
  /** Number of lines the header block takes. */
  lineCount: number;
  /** True when any recognised header was present (an "Anki text" file). */
  present: boolean;
}

const SEPARATOR_NAMES: Record<string, string> = { comma: ',', semicolon: ';', tab: '\t', space: ' ', pipe: '|', colon: ':' };

export function separatorFromName(value: string): string | undefined {
  const v = value.trim();
  const named = SEPARATOR_NAMES[v.toLowerCase()];
  if (named) return named;
  if (value === '\t' || value === ' ') return value;
  return v.length === 1 ? v : undefined;
}

export function separatorName(sep: string): string {
  const entry = Object.entries(SEPARATOR_NAMES).find(([, s]) => s === sep);
  return entry ? entry[0][0]!.toUpperCase() + entry[0].slice(1) : sep;
}

function columnNumber(value: string): number | undefined {
  const n = Number(value.trim());
  return Number.isInteger(n) && n >= 1 ? n : undefined;
}

export function readHeaders(text: string): TextHeaders {
  const h: TextHeaders = { tags: [], lineCount: 0, present: false };
  // Only the leading `#` lines matter: read line by line instead of splitting a large file.
  const lineRe = /([^\r\n]*)(?:\r\n|\n|\r|$)/y;
  for (;;) {
    const at = lineRe.lastIndex;
    const lm = lineRe.exec(text);
    if (!lm || at >= text.length) break;
    const line = lm[1]!;
    // Older Anki exports start with a `tags:` line (no `#`), only ever as the first line.
    if (at === 0 && /^tags:/.test(line.replace(/^\uFEFF/, ''))) {
      h.lineCount++;
      h.tags = line.replace(/^\uFEFF/, '').slice(5).split(/\s+/).filter((t) => t !== '');
      h.present = true;
      continue;
    }
    if (!line.startsWith('#')) break;
    h.lineCount++;
    const m = /^#([a-z ]+):(.*)$/i.exec(line);
    if (!m) continue;
    const key = m[1]!.trim().toLowerCase();
    const value = m[2]!;
    switch (key) {
      case 'separator':
        h.separator = separatorFromName(value) ?? h.separator;
        break;
      case 'html':
        h.html = value.trim().toLowerCase() === 'true';
        break;
      case 'tags':
        h.tags = value.split(/\s+/).filter((t) => t !== '');
        break;
      case 'columns':
        h.columns = value;
        break;
      case 'deck':
        h.deck = value.trim();
        break;
      case 'notetype':
        h.notetype = value.trim();
        break;
      case 'deck column':
        h.deckColumn = columnNumber(value);
        break;
      case 'tags column':
        h.tagsColumn = columnNumber(value);
        break;
      case 'guid column':
        h.guidColumn = columnNumber(value);
        break;
      case 'notetype column':
        h.notetypeColumn = columnNumber(value);
        break;
      default:
        continue;
    }
    h.present = true;
  }
  return h;
}
