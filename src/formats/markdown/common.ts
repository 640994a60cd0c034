import type { PlanSchedule } from '../plan';

/**
 * What the Markdown dialect readers share: the card shape they produce, code-fence tracking,
 * front matter, and turning Obsidian callouts and mkdocs admonitions into plain Markdown.
 */

export type MdKind = 'basic' | 'reversed' | 'cloze';

export interface MdCard {
  front: string;
  back: string;
  kind: MdKind;
  /** Sub-deck path below the file's deck (heading categories), or an absolute path when `absoluteDeck`. */
  deck: string[];
  absoluteDeck?: boolean;
  tags: string[];
  /** A stable id the source gives the note (`<!-- guid: … -->`, Logseq `id::`). */
  guid?: string;
  /** 1-based line of the card's start. */
  line: number;
  /** Review state the source kept, per card of the note in ordinal order. */
  schedules?: (PlanSchedule | undefined)[];
}

export interface MdDeck {
  /** A title usable as the deck name (lone top heading, page title). */
  title?: string;
  cards: MdCard[];
  /** Cards with an empty front or back, skipped (their lines). */
  skipped: number[];
  /** Plain-English warnings specific to the dialect. */
  warnings: string[];
  /** 1-based lines with text that belongs to no card. */
  outside: number[];
}

export const FENCE_RE = /^\s{0,3}(`{3,}|~{3,})/;
export const HEADING_RE = /^(#{1,6})\s+(.+?)\s*#*\s*$/;

/** Marks each line as inside a code fence (fence lines included) or not. */
export function fencedLines(lines: string[]): boolean[] {
  const inside: boolean[] = [];
  let fence: string | null = null;
  for (const line of lines) {
    const f = FENCE_RE.exec(line);
    if (f) {
      const marker = f[1]!;
      if (fence === null) fence = marker[0]!.repeat(marker.length);
      // CommonMark: only a bare run of the same character, at least as long, closes a fence
      // (a "```js" line inside a ``` block is content).
      else if (line.trim() === marker && marker[0] === fence[0] && marker.length >= fence.length) fence = null;
      inside.push(true);
      continue;
    }
    inside.push(fence !== null);
  }
  return inside;
}

export function trimLines(lines: string[]): string {
  return lines.join('\n').replace(/^\s*\n/, '').trimEnd().replace(/^\n+/, '');
}

export interface FrontMatter {
  /** First line after the front matter. */
  from: number;
  title?: string;
  tags: string[];
}

/** YAML front matter between `---` lines at the very top: only `title`/`deck`/`name` and `tags` matter. */
export function readFrontMatter(lines: string[]): FrontMatter {
  if (lines[0]?.trim() !== '---') return { from: 0, tags: [] };
  const close = lines.findIndex((l, i) => i > 0 && (l.trim() === '---' || l.trim() === '...'));
  if (close < 0) return { from: 0, tags: [] };
  const fm: FrontMatter = { from: close + 1, tags: [] };
  let listKey = '';
  for (const line of lines.slice(1, close)) {
    const item = /^\s+-\s+(.+)$/.exec(line);
    if (item && listKey === 'tags') {
      fm.tags.push(unquote(item[1]!));
      continue;
    }
    const m = /^([A-Za-z][\w-]*)\s*:\s*(.*)$/.exec(line);
    if (!m) continue;
    const key = m[1]!.toLowerCase();
    const value = m[2]!.trim();
    listKey = key;
    if ((key === 'title' || key === 'deck' || key === 'name') && value && !fm.title) fm.title = unquote(value);
    if (key === 'tags' && value) fm.tags.push(...value.replace(/^\[|\]$/g, '').split(/[,\s]+/).map(unquote).filter(Boolean));
  }
  fm.tags = fm.tags.map((t) => t.replace(/^#/, ''));
  return fm;
}

function unquote(s: string): string {
  return s.trim().replace(/^(["'])(.*)\1$/, '$2');
}

/** Answer-like callout or admonition: by type, or by a title such as "Answer" or "Solution". */
const ANSWER_TYPES = new Set(['answer', 'solution', 'reveal']);
const ANSWER_TITLE_RE = /^(?:show |reveal |check )?(?:the )?(?:answer|solution|ответ|respuesta|réponse|reponse|antwort|lösung|resposta|risposta|答案|解答|解析)\b/i;
const QUESTION_TYPES = new Set(['question', 'faq', 'help', 'quiz', 'exercise', 'problem']);

export function isAnswerBlock(type: string, title: string): boolean {
  return ANSWER_TYPES.has(type.toLowerCase()) || ANSWER_TITLE_RE.test(title.trim());
}

export function isQuestionBlock(type: string): boolean {
  return QUESTION_TYPES.has(type.toLowerCase());
}

export const CALLOUT_RE = /^>\s?\[!([\w-]+)\]([-+]?)\s*(.*)$/;
export const ADMONITION_RE = /^(\s*)(\?\?\?\+?|!!!)\s+([\w-]+)(?:\s+"(.*)")?\s*$/;

/** Counts what converting callouts and admonitions changed, for one warning per file. */
export interface ConvertStats {
  styled: number;
}

/** The lines of an admonition's body starting at `start` (the marker line): indented deeper, or blank. */
export function admonitionEnd(lines: string[], start: number, indent: number): number {
  let end = start + 1;
  let last = start;
  for (; end < lines.length; end++) {
    const l = lines[end]!;
    if (l.trim() === '') continue;
    if (l.length - l.trimStart().length >= indent + 4 || /^\t/.test(l.slice(indent))) last = end;
    else break;
  }
  return last + 1;
}

export function dedent(lines: string[], by: number): string[] {
  return lines.map((l) => (l.slice(0, by).trim() === '' ? l.slice(by) : l.replace(/^\t/, '')));
}

export function unquoteLines(lines: string[]): string[] {
  return lines.map((l) => l.replace(/^>\s?/, ''));
}

/**
 * Callouts (`> [!type] Title`) and mkdocs admonitions (`!!! type "Title"` / `??? type` with an
 * indented body) in plain Markdown: question and answer blocks lose their box (title in bold,
 * then the body); any other kind becomes a blockquote with its title in bold, and is counted so
 * the import can say the styling was dropped. Code fences are left alone.
 */
export function convertBlocks(text: string, stats: ConvertStats): string {
  const lines = text.split('\n');
  const fenced = fencedLines(lines);
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (fenced[i]) {
      out.push(line);
      continue;
    }
    const c = CALLOUT_RE.exec(line);
    if (c) {
      let end = i + 1;
      while (end < lines.length && /^>/.test(lines[end]!)) end++;
      const body = convertBlocks(unquoteLines(lines.slice(i + 1, end)).join('\n'), stats);
      if (out.length && out[out.length - 1]!.trim() !== '') out.push('');
      out.push(...boxToMarkdown(c[1]!, c[3]!.trim(), body, stats));
      i = end - 1;
      continue;
    }
    const a = ADMONITION_RE.exec(line);
    if (a) {
      const indent = a[1]!.length;
      const end = admonitionEnd(lines, i, indent);
      const body = convertBlocks(dedent(lines.slice(i + 1, end), indent + 4).join('\n'), stats);
      const pad = a[1]!;
      if (out.length && out[out.length - 1]!.trim() !== '') out.push('');
      out.push(...boxToMarkdown(a[3]!, a[4] ?? '', body, stats).map((l) => (l ? pad + l : l)));
      i = end - 1;
      continue;
    }
    out.push(line);
  }
  return out.join('\n');
}

function boxToMarkdown(type: string, title: string, body: string, stats: ConvertStats): string[] {
  const content = trimLines(body.split('\n'));
  if (isAnswerBlock(type, title) || isQuestionBlock(type)) {
    const head = title && !ANSWER_TITLE_RE.test(title) ? [`**${title}**`, ''] : [];
    return [...head, ...content.split('\n')];
  }
  stats.styled++;
  const label = title || type.charAt(0).toUpperCase() + type.slice(1);
  return [`> **${label}**`, ...(content ? ['>', ...content.split('\n').map((l) => (l ? `> ${l}` : '>'))] : [])];
}

/** `==text==` highlights outside inline code, as cloze deletions numbered from `start`. */
export function highlightsToCloze(text: string, start: number): { text: string; next: number } {
  let n = start;
  const out = text
    .split(/(`[^`\n]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/==([^=\n]+?)==/g, (_, inner: string) => `{{c${n++}::${inner}}}`)))
    .join('');
  return { text: out, next: n };
}

/** Images a card shows that the import does not carry (local files; web addresses load on their own). */
export function localImages(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) found.push(decodeSafe(m[1]!));
  for (const m of text.matchAll(/<img\b[^>]*\bsrc\s*=\s*["']([^"']+)["']/gi)) found.push(decodeSafe(m[1]!));
  return found.filter((src) => !/^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(src));
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const IMAGE_EXT_RE = /\.(?:png|jpe?g|gif|webp|svg|bmp|avif|tiff?)$/i;

/**
 * Obsidian embeds: `![[img.png|300]]` becomes a Markdown image (so the name is known and counted
 * as missing); `![[Other note#^block]]` cannot be shown and is left as a link, counted.
 */
export function convertEmbeds(text: string, stats: { noteEmbeds: number }): string {
  return text.replace(/!\[\[([^\]|#\n]+)(#[^\]|\n]*)?(?:\|[^\]\n]*)?\]\]/g, (all, target: string, anchor: string | undefined) => {
    const name = target.trim();
    if (IMAGE_EXT_RE.test(name) && !anchor) return `![](${encodeURI(name)})`;
    stats.noteEmbeds++;
    return `[[${name}${anchor ?? ''}]]`;
  });
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function lineList(lines: number[]): string {
  return `line${lines.length === 1 ? '' : 's'} ${lines.slice(0, 5).join(', ')}${lines.length > 5 ? ', …' : ''}`;
}
