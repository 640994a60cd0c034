/**
 * Anki card templates rendered to HTML at import time, one front/back pair per template ordinal.
 * Supports what card templates use in practice: `{{Field}}`, `{{FrontSide}}`, sections
 * `{{#Field}}…{{/Field}}` and `{{^Field}}…{{/Field}}`, special fields (Tags, Type, Deck, Subdeck,
 * Card) and the filters text, type (also `type:cloze`), hint, cloze, cloze-only, furigana/kana/kanji
 * and tts. Field values are inserted as stored: they are HTML already, so nothing is decoded or
 * escaped twice. What needs a script in Anki degrades to plain HTML: a hint is a `<details>`,
 * TTS is dropped (`{{tts …}}` and `[anki:tts]…[/anki:tts]`).
 */
import { escapeHtml, htmlToText, isBlankHtml } from '../shared/html';

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'field'; name: string; filters: string[] }
  | { kind: 'section'; name: string; inverted: boolean; children: Node[] };

export interface TemplateContext {
  fields: ReadonlyMap<string, string>;
  tags: readonly string[];
  notetype: string;
  deck: string;
  card: string;
  /** The rendered front, for `{{FrontSide}}` on the back. */
  frontSide?: string;
  /** Render `{{cloze:…}}` as nothing (the cloze text is the note's front, shown separately). */
  blankCloze?: boolean;
}

export interface RenderResult {
  html: string;
  /** Plain text of the field a `{{type:Field}}` asks for. */
  typeAnswer?: string;
  /** The template asks to type the card's cloze deletion (`{{type:cloze:Text}}`). */
  typeCloze?: boolean;
  /** Field names the template refers to that the note type does not have. */
  unknownFields: string[];
}

const parsed = new Map<string, Node[]>();

export function parseTemplate(source: string): Node[] {
  const cached = parsed.get(source);
  if (cached) return cached;
  const root: Node[] = [];
  const stack: { name: string; children: Node[] }[] = [{ name: '', children: root }];
  const top = () => stack[stack.length - 1]!.children;
  let at = 0;
  while (at < source.length) {
    const open = source.indexOf('{{', at);
    const close = open < 0 ? -1 : source.indexOf('}}', open + 2);
    if (open < 0 || close < 0) {
      top().push({ kind: 'text', text: source.slice(at) });
      break;
    }
    if (open > at) top().push({ kind: 'text', text: source.slice(at, open) });
    const tag = source.slice(open + 2, close).trim();
    at = close + 2;
    const sigil = tag[0];
    if (sigil === '#' || sigil === '^') {
      const section: Node = { kind: 'section', name: tag.slice(1).trim(), inverted: sigil === '^', children: [] };
      top().push(section);
      stack.push({ name: section.name, children: section.children });
    } else if (sigil === '/') {
      // A stray or mismatched close ends the innermost section, as forgivingly as possible.
      if (stack.length > 1) stack.pop();
    } else if (tag !== '') {
      const parts = tag.split(':');
      top().push({ kind: 'field', name: parts[parts.length - 1]!.trim(), filters: parts.slice(0, -1).map((f) => f.trim()) });
    }
  }
  if (parsed.size > 500) parsed.clear();
  parsed.set(source, root);
  return root;
}

function lookup(name: string, ctx: TemplateContext): string | undefined {
  switch (name) {
    case 'FrontSide':
      return ctx.frontSide ?? '';
    case 'Tags':
      return ctx.tags.join(' ');
    case 'Type':
      return ctx.notetype;
    case 'Deck':
      return ctx.deck;
    case 'Subdeck':
      return ctx.deck.split('::').pop() ?? '';
    case 'Card':
      return ctx.card;
    case 'CardFlag':
      return '';
  }
  const exact = ctx.fields.get(name);
  if (exact !== undefined) return exact;
  const lower = name.toLowerCase();
  for (const [k, v] of ctx.fields) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** `日本語[にほんご]` readings: as ruby, or only the reading/the base text (as Anki's furigana filters). */
function furigana(html: string, mode: 'furigana' | 'kana' | 'kanji'): string {
  return html.replace(/ ?([^ >[\]]+?)\[(.+?)\]/g, (_, base: string, reading: string) => {
    // Anki's `[sound:…]` tags are not readings.
    if (reading.startsWith('sound:')) return _;
    return mode === 'furigana' ? `<ruby>${base}<rt>${reading}</rt></ruby>` : mode === 'kana' ? reading : base;
  });
}

/** A hint, collapsed until opened (Anki shows a link named after the field that reveals it). */
function hint(value: string, field: string): string {
  if (isBlankHtml(value)) return '';
  return `<details class="anki-hint"><summary>${escapeHtml(field)}</summary>${value}</details>`;
}

function applyFilters(value: string, name: string, filters: string[], ctx: TemplateContext, out: RenderResult): string {
  let v = value;
  // `type:` replaces the field with the answer box, whatever the other filters (`type:cloze:Text`).
  if (filters.includes('type')) {
    if (filters.includes('cloze')) out.typeCloze = true;
    else out.typeAnswer ??= htmlToText(value);
    return '';
  }
  // The filter next to the field name runs first.
  for (let i = filters.length - 1; i >= 0; i--) {
    const f = filters[i]!;
    if (f === 'cloze') {
      if (ctx.blankCloze) return '';
    } else if (f === 'cloze-only') return '';
    else if (f === 'text') v = escapeHtml(htmlToText(v));
    else if (f === 'furigana' || f === 'kana' || f === 'kanji') v = furigana(v, f);
    else if (f === 'hint') v = hint(v, name);
    else if (f.startsWith('tts')) return '';
    // Unknown filters (add-ons): the value is shown as it is.
  }
  return v;
}

function renderNodes(nodes: Node[], ctx: TemplateContext, out: RenderResult): string {
  let html = '';
  for (const node of nodes) {
    if (node.kind === 'text') html += node.text;
    else if (node.kind === 'section') {
      const value = lookup(node.name, ctx);
      const filled = value !== undefined && !isBlankHtml(value);
      if (filled !== node.inverted) html += renderNodes(node.children, ctx, out);
    } else {
      const value = lookup(node.name, ctx);
      if (value === undefined) {
        if (!out.unknownFields.includes(node.name)) out.unknownFields.push(node.name);
        continue;
      }
      html += applyFilters(value, node.name, node.filters, ctx, out);
    }
  }
  return html;
}

export function renderTemplate(source: string, ctx: TemplateContext): RenderResult {
  const out: RenderResult = { html: '', unknownFields: [] };
  out.html = stripTts(renderNodes(parseTemplate(source), ctx, out)).trim();
  return out;
}

/** Anki's `[anki:tts lang=…]text[/anki:tts]` (read aloud, never shown). */
export function stripTts(html: string): string {
  return html.replace(/\[anki:tts\b[^\]]*\][\s\S]*?\[\/anki:tts\]/gi, '');
}

const SPECIAL = new Set(['FrontSide', 'Tags', 'Type', 'Deck', 'Subdeck', 'Card', 'CardFlag']);

/** Note fields a template refers to (`{{F}}`, filters and sections), in order of first use. */
export function fieldsReferenced(source: string): string[] {
  const names: string[] = [];
  const walk = (nodes: Node[]) => {
    for (const n of nodes) {
      if (n.kind !== 'text' && !SPECIAL.has(n.name) && !names.includes(n.name)) names.push(n.name);
      if (n.kind === 'section') walk(n.children);
    }
  };
  walk(parseTemplate(source));
  return names;
}

/**
 * Removes the parts of a template a reader never sees: scripts, and elements hidden with
 * `display: none` or a `hidden` attribute/class (with everything inside them).
 */
function visiblePart(source: string): string {
  let s = source.replace(/<script\b[\s\S]*?(?:<\/script\s*>|$)/gi, '');
  const hidden = /<([a-z][a-z0-9]*)\b[^>]*?(?:style\s*=\s*["'][^"']*display\s*:\s*none|\shidden(?:[\s>=]|$)|class\s*=\s*["'][^"']*\bhidden\b)[^>]*>/i;
  for (let guard = 0; guard < 200; guard++) {
    const m = hidden.exec(s);
    if (!m) break;
    const tag = m[1]!.toLowerCase();
    // The matching close tag, counting nested elements of the same name.
    const re = new RegExp(`<(/?)${tag}\\b[^>]*>`, 'gi');
    re.lastIndex = m.index + m[0].length;
    let depth = 1;
    let end = s.length;
    for (let t = re.exec(s); t; t = re.exec(s)) {
      depth += t[1] ? -1 : 1;
      if (depth === 0) {
        end = t.index + t[0].length;
        break;
      }
    }
    s = s.slice(0, m.index) + s.slice(end);
  }
  return s;
}

/**
 * Whether a note type builds its cards with a script: a template has a `<script>` and some field
 * it uses appears only in the script or in hidden elements (data a script turns into the card,
 * as multiple-choice types do). Without the script such cards would lose those fields.
 */
export function isScriptDriven(templates: readonly { qfmt: string; afmt: string }[]): boolean {
  if (!templates.some((t) => /<script\b/i.test(t.qfmt) || /<script\b/i.test(t.afmt))) return false;
  const all = new Set<string>();
  const visible = new Set<string>();
  for (const t of templates)
    for (const src of [t.qfmt, t.afmt]) {
      for (const f of fieldsReferenced(src)) all.add(f);
      for (const f of fieldsReferenced(visiblePart(src))) visible.add(f);
    }
  return [...all].some((f) => !visible.has(f));
}

/** Field names a template passes through the cloze filter (`{{cloze:Text}}`). */
export function clozeFieldNames(source: string): string[] {
  const names: string[] = [];
  const walk = (nodes: Node[]) => {
    for (const n of nodes) {
      if (n.kind === 'field' && n.filters.includes('cloze') && !n.filters.includes('type') && !names.includes(n.name)) names.push(n.name);
      if (n.kind === 'section') walk(n.children);
    }
  };
  walk(parseTemplate(source));
  return names;
}

/** True when any template asks to type the cloze deletion (`{{type:cloze:Text}}`). */
export function hasTypeCloze(source: string): boolean {
  return /\{\{\s*type:cloze:/i.test(source);
}

/** True when any template asks to type the answer. */
export function hasTypeAnswer(source: string): boolean {
  return /\{\{\s*type:/i.test(source);
}

/** Removes the `<br>`s, rules and whitespace a blanked-out part leaves at either end. */
export function trimBreaks(html: string): string {
  const edge = '(?:\\s|<br\\s*/?>|<hr[^>]*>|&nbsp;)*';
  return html.replace(new RegExp(`^${edge}`, 'i'), '').replace(new RegExp(`${edge}$`, 'i'), '');
}
