/**
 * Anki card templates rendered to HTML at import time, one front/back pair per template ordinal.
 * Supports what card templates use in practice: `{{Field}}`, `{{FrontSide}}`, sections
 * `{{#Field}}…{{/Field}}` and `{{^Field}}…{{/Field}}`, special fields (Tags, Type, Deck, Subdeck,
 * Card) and the filters text, type, hint, cloze, furigana/kana/kanji and tts. Field values are
 * inserted as stored: they are HTML already, so nothing is decoded or escaped twice.
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

/** `日本語[にほんご]` readings: as ruby, or only the reading/the base text. */
function furigana(html: string, mode: 'furigana' | 'kana' | 'kanji'): string {
  return html.replace(/ ?([^ >[\]]+?)\[(.+?)\]/g, (_, base: string, reading: string) =>
    mode === 'furigana' ? `<ruby><rb>${base}</rb><rt>${reading}</rt></ruby>` : mode === 'kana' ? reading : base,
  );
}

function applyFilters(value: string, filters: string[], ctx: TemplateContext, out: RenderResult): string {
  let v = value;
  // The filter next to the field name runs first.
  for (let i = filters.length - 1; i >= 0; i--) {
    const f = filters[i]!;
    if (f === 'type') {
      out.typeAnswer ??= htmlToText(filters.includes('cloze') ? '' : value);
      return '';
    }
    if (f === 'cloze') {
      if (ctx.blankCloze) return '';
    } else if (f === 'text') v = escapeHtml(htmlToText(v));
    else if (f === 'furigana' || f === 'kana' || f === 'kanji') v = furigana(v, f);
    else if (f.startsWith('tts')) return '';
    // hint and unknown filters (add-ons): the value is shown as it is.
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
      html += applyFilters(value, node.filters, ctx, out);
    }
  }
  return html;
}

export function renderTemplate(source: string, ctx: TemplateContext): RenderResult {
  const out: RenderResult = { html: '', unknownFields: [] };
  out.html = renderNodes(parseTemplate(source), ctx, out).trim();
  return out;
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

/** True when any template asks to type the answer. */
export function hasTypeAnswer(source: string): boolean {
  return /\{\{\s*type:/i.test(source);
}

/** Removes the `<br>`s, rules and whitespace a blanked-out part leaves at either end. */
export function trimBreaks(html: string): string {
  const edge = '(?:\\s|<br\\s*/?>|<hr[^>]*>|&nbsp;)*';
  return html.replace(new RegExp(`^${edge}`, 'i'), '').replace(new RegExp(`${edge}$`, 'i'), '');
}
