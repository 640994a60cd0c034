/**
 * The one gate between card content and the page. DOMPurify sanitizes in an inert document;
 * our hooks then fix images (blob: media, placeholders for remote or missing ones), links and
 * inline styles, and only after that is trusted KaTeX output put in place of math placeholders,
 * into text nodes only (a placeholder inside an attribute becomes the TeX source as text).
 */
import DOMPurify, { type Config, type DOMPurify as Purifier } from 'dompurify';
import { MATH_PLACEHOLDER, stripMarkers } from './markers';
import { classifyImageSrc, normalizeUrl, resolveMedia, type ImageSource } from './media';
import { filterStyle } from './style';
import { insertSounds } from './sound';

export interface SanitizeOptions {
  media?: ((name: string) => string | undefined) | undefined;
  /** Trusted KaTeX HTML per math placeholder index. */
  mathHtml?: string[];
  /** TeX source per placeholder index, for placeholders that ended up in attributes. */
  mathSource?: string[];
  /** File name per sound placeholder index (`[sound:…]`, see sound.ts). */
  sounds?: string[];
}

const FORBID_TAGS = [
  'script', 'style', 'link', 'meta', 'base', 'title', 'form', 'input', 'button', 'select', 'option',
  'optgroup', 'textarea', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'noscript',
  'noembed', 'noframes', 'template', 'audio', 'video', 'source', 'track', 'picture', 'map', 'area',
  'dialog', 'portal', 'svg', 'math', 'xmp', 'plaintext',
];
const FORBID_ATTR = ['srcset', 'background', 'ping', 'poster', 'action', 'formaction', 'xlink:href', 'autofocus', 'srcdoc', 'data'];
const SAFE_LINK = /^(?:https?|mailto):/i;

const CONFIG: Config = {
  USE_PROFILES: { html: true }, // no SVG or MathML from cards: fewer parser-differential tricks
  FORBID_TAGS,
  FORBID_ATTR,
  ALLOW_DATA_ATTR: false,
  // Links: web and mail only. Image src is taken over by the hooks below.
  ALLOWED_URI_REGEXP: SAFE_LINK,
  // Prefix id/name so card content cannot clobber globals like `window.config`.
  SANITIZE_NAMED_PROPS: true,
  RETURN_DOM: true,
};

/** Image sources seen by the attribute hook, keyed by element, for the pass after sanitizing. */
let imageSources = new WeakMap<Element, ImageSource>();
let purifier: Purifier | undefined;

function getPurifier(): Purifier {
  if (purifier) return purifier;
  // A private instance so our hooks never affect other DOMPurify users in the app.
  const p = DOMPurify(window);
  // Presentational colours (`<font color>`, `bgcolor`) would fail the URI check below and vanish:
  // they become inline style first, filtered like any other (an existing style still wins).
  p.addHook('uponSanitizeElement', (node) => {
    // A <form>'s controls shadow its methods (`<input name="getAttribute">`): calling them would
    // throw and fail the whole card. Forms are removed anyway (FORBID_TAGS).
    if (node.nodeType !== 1 || node.nodeName === 'FORM') return;
    const el = node as Element;
    for (const [attr, prop] of [['color', 'color'], ['bgcolor', 'background-color']] as const) {
      const raw = el.getAttribute(attr);
      if (raw === null) continue;
      el.removeAttribute(attr);
      // Legacy HTML reads a bare six-digit value as hex.
      const value = /^[0-9a-f]{6}$/i.test(raw.trim()) ? `#${raw.trim()}` : raw;
      // One colour, not more declarations smuggled in after a `;`.
      const style = /[;:]/.test(value) ? '' : filterStyle(`${prop}: ${value}`);
      if (style) el.setAttribute('style', el.hasAttribute('style') ? `${style}; ${el.getAttribute('style')}` : style);
    }
  });
  p.addHook('uponSanitizeAttribute', (node, data) => {
    const name = data.attrName;
    if (name.startsWith('on')) {
      data.keepAttr = false;
    } else if (name === 'style') {
      const style = filterStyle(data.attrValue);
      if (style === '') data.keepAttr = false;
      else data.attrValue = style;
    } else if (name === 'src' && node.nodeName === 'IMG') {
      imageSources.set(node, classifyImageSrc(data.attrValue));
      data.keepAttr = false;
    }
  });
  p.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName !== 'A') return;
    const href = node.getAttribute('href');
    if (href !== null && !SAFE_LINK.test(normalizeUrl(href))) node.removeAttribute('href');
    if (node.hasAttribute('href')) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    } else {
      node.removeAttribute('target');
      node.removeAttribute('rel');
    }
  });
  assertWorks(p);
  purifier = p;
  return p;
}

/**
 * Fails closed: some non-browser DOMs break DOMPurify (happy-dom 21 answers '' for
 * Node.prototype.nodeName, and its NodeIterator stops after a removal), and then it lets
 * event handlers and javascript: links through.
 */
function assertWorks(p: Purifier): void {
  // No event-handler attribute in the probe: Chromium reports a CSP violation (a console error)
  // when DOMParser meets one, even in an inert document. The <object> checks that the walk goes
  // on after a removal.
  const probe = '<object></object><a href="javascript:alert(1)">a</a><p>b</p>';
  const html = (p.sanitize(probe, CONFIG) as unknown as HTMLElement).innerHTML;
  if (!p.isSupported || !html.includes('<p>') || /object|javascript/i.test(html)) {
    throw new Error('The HTML sanitizer does not work in this environment; refusing to render card content.');
  }
}

const NEVER = new Set(FORBID_TAGS.map((t) => t.toUpperCase()));
const URL_ATTRS = new Set([...FORBID_ATTR, 'href', 'src', 'cite', 'longdesc', 'usemap', 'codebase', 'manifest', 'lowsrc', 'dynsrc']);

/**
 * A second, independent pass over DOMPurify's result (defense in depth, cheap at card size):
 * no forbidden element, no event handler, no URL but an http(s)/mailto link, styles filtered.
 * Image src is set afterwards by fixImages from what the hook recorded.
 */
function scrub(root: HTMLElement): void {
  for (const el of Array.from(root.querySelectorAll('*'))) {
    if (NEVER.has(el.nodeName.toUpperCase())) {
      el.remove();
      continue;
    }
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) el.removeAttribute(attr.name);
      else if (name === 'style') {
        const style = filterStyle(attr.value);
        if (style) el.setAttribute(attr.name, style);
        else el.removeAttribute(attr.name);
      } else if (name === 'href' && el.nodeName === 'A' && SAFE_LINK.test(normalizeUrl(attr.value))) continue;
      else if (URL_ATTRS.has(name)) el.removeAttribute(attr.name);
    }
  }
}

function placeholder(doc: Document, cls: string, text: string): HTMLElement {
  const span = doc.createElement('span');
  span.className = cls;
  span.textContent = text;
  return span;
}

function fixImages(root: HTMLElement, media: SanitizeOptions['media']): void {
  const doc = root.ownerDocument;
  for (const img of Array.from(root.querySelectorAll('img'))) {
    const src = imageSources.get(img);
    const alt = img.getAttribute('alt')?.trim() ?? '';
    if (src?.kind === 'data') {
      img.setAttribute('src', src.url);
    } else if (src?.kind === 'local') {
      const url = resolveMedia(src.name, media);
      if (url) img.setAttribute('src', url);
      else img.replaceWith(placeholder(doc, 'media-missing', `missing image: ${src.name}`));
    } else if (src?.kind === 'remote') {
      // Link-free on purpose: the user should not be one tap away from an unknown site.
      img.replaceWith(placeholder(doc, 'media-remote', alt ? `[image: ${alt}]` : '[remote image not loaded]'));
    } else {
      img.remove();
    }
  }
}

/**
 * Tables scroll inside a wrapper so a wide one never widens the page. An empty header cell (the
 * corner of a comparison table) becomes a data cell: a header with no text names nothing for a
 * screen reader (axe: empty-table-header).
 */
function wrapTables(root: HTMLElement): void {
  for (const table of Array.from(root.querySelectorAll('table'))) {
    if (table.parentElement?.classList.contains('table-wrap')) continue;
    const wrap = root.ownerDocument.createElement('div');
    wrap.className = 'table-wrap';
    table.replaceWith(wrap);
    wrap.appendChild(table);
  }
  for (const th of Array.from(root.querySelectorAll('th'))) {
    if (th.textContent?.trim() || th.querySelector('img, svg, math')) continue;
    const td = root.ownerDocument.createElement('td');
    for (const attr of Array.from(th.attributes)) if (attr.name !== 'scope') td.setAttribute(attr.name, attr.value);
    td.append(...Array.from(th.childNodes));
    th.replaceWith(td);
  }
}

function insertMath(root: HTMLElement, opts: SanitizeOptions): void {
  const doc = root.ownerDocument;
  const walker = doc.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  const texts: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) texts.push(n as Text);
  for (const node of texts) {
    const value = node.data;
    if (!/[\uE000-\uE01F]/.test(value)) continue;
    const frag = doc.createDocumentFragment();
    let last = 0;
    for (const m of value.matchAll(MATH_PLACEHOLDER)) {
      frag.append(stripMarkers(value.slice(last, m.index)));
      const html = opts.mathHtml?.[Number(m[1])];
      if (html !== undefined) {
        const tpl = doc.createElement('template');
        tpl.innerHTML = html; // trusted: KaTeX output for TeX it escaped itself
        frag.append(tpl.content);
      }
      last = m.index + m[0].length;
    }
    frag.append(stripMarkers(value.slice(last)));
    node.replaceWith(frag);
  }
  // Placeholders in attributes (alt, title): plain TeX text, escaped by the serializer.
  for (const el of Array.from(root.querySelectorAll('*'))) {
    for (const attr of Array.from(el.attributes)) {
      if (!/[\uE000-\uE01F]/.test(attr.value)) continue;
      const value = attr.value.replace(MATH_PLACEHOLDER, (_, i: string) => opts.mathSource?.[Number(i)] ?? '');
      el.setAttribute(attr.name, stripMarkers(value));
    }
  }
}

/** Sanitized HTML with media, links, tables and math in place. Needs a DOM (main thread). */
export function sanitizeHtml(html: string, opts: SanitizeOptions = {}): string {
  const p = getPurifier();
  imageSources = new WeakMap();
  const body = p.sanitize(html, CONFIG) as unknown as HTMLElement;
  scrub(body);
  fixImages(body, opts.media);
  wrapTables(body);
  // Before insertMath, which drops any placeholder left in a text node.
  insertSounds(body, opts.sounds ?? [], opts.media);
  insertMath(body, opts);
  return body.innerHTML;
}

/** Text of an HTML fragment, entities decoded once by the real parser; `<br>` and blocks become newlines. */
export function htmlToText(html: string): string {
  const withBreaks = html.replace(/<br\s*\/?>|<\/(?:div|p|li)>/gi, '\n');
  const doc = new DOMParser().parseFromString(`<body>${withBreaks}`, 'text/html');
  for (const el of Array.from(doc.querySelectorAll('script,style,template'))) el.remove();
  return (doc.body.textContent ?? '').replace(/\u00a0/g, ' ');
}
