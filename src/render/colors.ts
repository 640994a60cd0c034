/**
 * Readable imported colours in dark mode. Anki decks carry inline colours chosen for a white
 * card (`color: navy`, `<font color="black">`, a yellow highlight); on a dark card they are
 * nearly invisible. In dark mode each text colour that falls below WCAG AA (4.5:1) against its
 * effective background keeps its hue and gets a new lightness (flipped, as AnkiDroid's and Anki's
 * "invert colours" do, then raised until AA holds); light backgrounds are darkened. In light mode
 * nothing is changed. The colour maths is pure; `adaptColors` is the small DOM pass over a card.
 */

/** sRGB colour, channels 0–255, alpha 0–1. */
export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

const NAMED: Record<string, string> = {
  aliceblue: 'f0f8ff', antiquewhite: 'faebd7', aqua: '00ffff', aquamarine: '7fffd4', azure: 'f0ffff', beige: 'f5f5dc', bisque: 'ffe4c4',
  black: '000000', blanchedalmond: 'ffebcd', blue: '0000ff', blueviolet: '8a2be2', brown: 'a52a2a', burlywood: 'deb887', cadetblue: '5f9ea0',
  chartreuse: '7fff00', chocolate: 'd2691e', coral: 'ff7f50', cornflowerblue: '6495ed', cornsilk: 'fff8dc', crimson: 'dc143c', cyan: '00ffff',
  darkblue: '00008b', darkcyan: '008b8b', darkgoldenrod: 'b8860b', darkgray: 'a9a9a9', darkgreen: '006400', darkgrey: 'a9a9a9',
  darkkhaki: 'bdb76b', darkmagenta: '8b008b', darkolivegreen: '556b2f', darkorange: 'ff8c00', darkorchid: '9932cc', darkred: '8b0000',
  darksalmon: 'e9967a', darkseagreen: '8fbc8f', darkslateblue: '483d8b', darkslategray: '2f4f4f', darkslategrey: '2f4f4f',
  darkturquoise: '00ced1', darkviolet: '9400d3', deeppink: 'ff1493', deepskyblue: '00bfff', dimgray: '696969', dimgrey: '696969',
  dodgerblue: '1e90ff', firebrick: 'b22222', floralwhite: 'fffaf0', forestgreen: '228b22', fuchsia: 'ff00ff', gainsboro: 'dcdcdc',
  ghostwhite: 'f8f8ff', gold: 'ffd700', goldenrod: 'daa520', gray: '808080', green: '008000', greenyellow: 'adff2f', grey: '808080',
  honeydew: 'f0fff0', hotpink: 'ff69b4', indianred: 'cd5c5c', indigo: '4b0082', ivory: 'fffff0', khaki: 'f0e68c', lavender: 'e6e6fa',
  lavenderblush: 'fff0f5', lawngreen: '7cfc00', lemonchiffon: 'fffacd', lightblue: 'add8e6', lightcoral: 'f08080', lightcyan: 'e0ffff',
  lightgoldenrodyellow: 'fafad2', lightgray: 'd3d3d3', lightgreen: '90ee90', lightgrey: 'd3d3d3', lightpink: 'ffb6c1', lightsalmon: 'ffa07a',
  lightseagreen: '20b2aa', lightskyblue: '87cefa', lightslategray: '778899', lightslategrey: '778899', lightsteelblue: 'b0c4de',
  lightyellow: 'ffffe0', lime: '00ff00', limegreen: '32cd32', linen: 'faf0e6', magenta: 'ff00ff', maroon: '800000',
  mediumaquamarine: '66cdaa', mediumblue: '0000cd', mediumorchid: 'ba55d3', mediumpurple: '9370db', mediumseagreen: '3cb371',
  mediumslateblue: '7b68ee', mediumspringgreen: '00fa9a', mediumturquoise: '48d1cc', mediumvioletred: 'c71585', midnightblue: '191970',
  mintcream: 'f5fffa', mistyrose: 'ffe4e1', moccasin: 'ffe4b5', navajowhite: 'ffdead', navy: '000080', oldlace: 'fdf5e6', olive: '808000',
  olivedrab: '6b8e23', orange: 'ffa500', orangered: 'ff4500', orchid: 'da70d6', palegoldenrod: 'eee8aa', palegreen: '98fb98',
  paleturquoise: 'afeeee', palevioletred: 'db7093', papayawhip: 'ffefd5', peachpuff: 'ffdab9', peru: 'cd853f', pink: 'ffc0cb', plum: 'dda0dd',
  powderblue: 'b0e0e6', purple: '800080', rebeccapurple: '663399', red: 'ff0000', rosybrown: 'bc8f8f', royalblue: '4169e1',
  saddlebrown: '8b4513', salmon: 'fa8072', sandybrown: 'f4a460', seagreen: '2e8b57', seashell: 'fff5ee', sienna: 'a0522d', silver: 'c0c0c0',
  skyblue: '87ceeb', slateblue: '6a5acd', slategray: '708090', slategrey: '708090', snow: 'fffafa', springgreen: '00ff7f',
  steelblue: '4682b4', tan: 'd2b48c', teal: '008080', thistle: 'd8bfd8', tomato: 'ff6347', turquoise: '40e0d0', violet: 'ee82ee',
  wheat: 'f5deb3', white: 'ffffff', whitesmoke: 'f5f5f5', yellow: 'ffff00', yellowgreen: '9acd32',
};

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

function fromHex(hex: string): Rgba | undefined {
  if (!/^[0-9a-f]+$/i.test(hex)) return undefined;
  const full = hex.length === 3 || hex.length === 4 ? [...hex].map((c) => c + c).join('') : hex;
  if (full.length !== 6 && full.length !== 8) return undefined;
  const n = (i: number) => parseInt(full.slice(i, i + 2), 16);
  return { r: n(0), g: n(2), b: n(4), a: full.length === 8 ? n(6) / 255 : 1 };
}

/** A number, percentage (of `pct100`) or angle token; NaN when it is none of these. */
function num(token: string | undefined, pct100 = 100): number {
  if (token === undefined) return NaN;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)(%|deg|rad|grad|turn)?$/i.exec(token);
  if (!m) return token.toLowerCase() === 'none' ? 0 : NaN;
  const v = Number(m[1]);
  switch (m[2]?.toLowerCase()) {
    case '%':
      return (v / 100) * pct100;
    case 'rad':
      return (v * 180) / Math.PI;
    case 'grad':
      return v * 0.9;
    case 'turn':
      return v * 360;
    default:
      return v;
  }
}

function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  const hue = (((h % 360) + 360) % 360) / 30;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + hue) % 12;
    return l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
  };
  return [f(0) * 255, f(8) * 255, f(4) * 255];
}

export function rgbToHsl({ r, g, b }: Rgba): { h: number; s: number; l: number } {
  const [R, G, B] = [r / 255, g / 255, b / 255];
  const max = Math.max(R, G, B);
  const min = Math.min(R, G, B);
  const l = (max + min) / 2;
  const d = max - min;
  if (d === 0) return { h: 0, s: 0, l };
  const s = d / (1 - Math.abs(2 * l - 1));
  const h = max === R ? ((G - B) / d + 6) % 6 : max === G ? (B - R) / d + 2 : (R - G) / d + 4;
  return { h: h * 60, s: clamp(s, 0, 1), l };
}

function linearToSrgb(x: number): number {
  const v = x <= 0.0031308 ? 12.92 * x : 1.055 * Math.pow(x, 1 / 2.4) - 0.055;
  return clamp(v, 0, 1) * 255;
}

function oklabToRgb(L: number, A: number, B: number): [number, number, number] {
  const l = (L + 0.3963377774 * A + 0.2158037573 * B) ** 3;
  const m = (L - 0.1055613458 * A - 0.0638541728 * B) ** 3;
  const s = (L - 0.0894841775 * A - 1.291485548 * B) ** 3;
  return [
    linearToSrgb(4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s),
    linearToSrgb(-1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s),
    linearToSrgb(-0.0041960863 * l - 0.7034186147 * m + 1.707614701 * s),
  ];
}

/**
 * Parses a CSS colour: names, `transparent`, hex (3, 4, 6, 8 digits), rgb/rgba, hsl/hsla, hwb,
 * oklab/oklch and `color(srgb …)`, in comma or space syntax with an optional `/ alpha`.
 * Undefined for anything else (`currentcolor`, `inherit`, lab/lch, garbage).
 */
export function parseColor(input: string): Rgba | undefined {
  const s = input.trim().toLowerCase();
  if (s === 'transparent') return { r: 0, g: 0, b: 0, a: 0 };
  if (s.startsWith('#')) return fromHex(s.slice(1));
  const named = NAMED[s];
  if (named) return fromHex(named);
  const m = /^([a-z]+)\(\s*([^()]*)\)$/.exec(s);
  if (!m) return undefined;
  const fn = m[1] as string;
  let body = (m[2] as string).trim();
  let space: string | undefined;
  if (fn === 'color') {
    const sp = /^([a-z0-9-]+)\s+(.*)$/.exec(body);
    if (!sp || (sp[1] !== 'srgb' && sp[1] !== 'srgb-linear')) return undefined;
    space = sp[1];
    body = sp[2] as string;
  }
  const [main = '', alphaPart] = body.split('/');
  const parts = main.includes(',') ? main.split(',').map((p) => p.trim()) : main.trim().split(/\s+/);
  let alphaToken = alphaPart?.trim();
  if (main.includes(',') && parts.length === 4) alphaToken = parts.pop();
  if (parts.length !== 3) return undefined;
  const a = alphaToken === undefined ? 1 : num(alphaToken, 1);
  let rgb: [number, number, number];
  switch (fn) {
    case 'rgb':
    case 'rgba':
      rgb = [num(parts[0], 255), num(parts[1], 255), num(parts[2], 255)];
      break;
    case 'hsl':
    case 'hsla':
      rgb = hslToRgb(num(parts[0]), num(parts[1]) / 100, num(parts[2]) / 100);
      break;
    case 'hwb': {
      let w = num(parts[1]) / 100;
      let bl = num(parts[2]) / 100;
      if (w + bl > 1) [w, bl] = [w / (w + bl), bl / (w + bl)];
      rgb = hslToRgb(num(parts[0]), 1, 0.5).map((c) => (c / 255) * (1 - w - bl) * 255 + w * 255) as [number, number, number];
      break;
    }
    case 'oklab':
      rgb = oklabToRgb(num(parts[0], 1), num(parts[1], 0.4), num(parts[2], 0.4));
      break;
    case 'oklch': {
      const c = num(parts[1], 0.4);
      const h = (num(parts[2]) * Math.PI) / 180;
      rgb = oklabToRgb(num(parts[0], 1), c * Math.cos(h), c * Math.sin(h));
      break;
    }
    case 'color': {
      const v = [num(parts[0], 1), num(parts[1], 1), num(parts[2], 1)];
      rgb = (space === 'srgb-linear' ? v.map(linearToSrgb) : v.map((x) => x * 255)) as [number, number, number];
      break;
    }
    default:
      return undefined;
  }
  if ([...rgb, a].some((x) => Number.isNaN(x))) return undefined;
  return { r: clamp(rgb[0], 0, 255), g: clamp(rgb[1], 0, 255), b: clamp(rgb[2], 0, 255), a: clamp(a, 0, 1) };
}

/** `rgb(…)` / `rgba(…)` with rounded channels. */
export function formatColor({ r, g, b, a }: Rgba): string {
  const c = [r, g, b].map((x) => Math.round(x)).join(', ');
  return a >= 1 ? `rgb(${c})` : `rgba(${c}, ${Math.round(a * 1000) / 1000})`;
}

/** `top` painted over an opaque `bottom`. */
export function composite(top: Rgba, bottom: Rgba): Rgba {
  const a = top.a;
  return { r: top.r * a + bottom.r * (1 - a), g: top.g * a + bottom.g * (1 - a), b: top.b * a + bottom.b * (1 - a), a: 1 };
}

/** WCAG 2 relative luminance of an (opaque) colour. */
export function luminance({ r, g, b }: Rgba): number {
  const lin = (c: number) => {
    const v = c / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG 2 contrast ratio (1–21); a translucent foreground is first painted over the background. */
export function contrastRatio(fg: Rgba, bg: Rgba): number {
  const back = bg.a < 1 ? composite(bg, { r: 0, g: 0, b: 0, a: 1 }) : bg;
  const front = fg.a < 1 ? composite(fg, back) : fg;
  const [x, y] = [luminance(front), luminance(back)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

/** WCAG AA for normal text. */
export const AA = 4.5;
/** What an adapted colour aims for: a little above AA, so rounding to whole channels keeps AA. */
const TARGET = 4.6;

function withLightness(c: Rgba, l: number): Rgba {
  const { h, s } = rgbToHsl(c);
  const [r, g, b] = hslToRgb(h, s, clamp(l, 0, 1));
  return { r, g, b, a: 1 };
}

/**
 * A text colour readable on `bg`: unchanged when it already reaches `min`, else the same hue with
 * its lightness flipped (black → white, navy → light blue) and, if that is not enough, moved
 * further away from the background until it is. The result is opaque.
 */
export function adaptForeground(fg: Rgba, bg: Rgba, min = AA): Rgba {
  const back = bg.a < 1 ? composite(bg, { r: 0, g: 0, b: 0, a: 1 }) : bg;
  const front = fg.a < 1 ? composite(fg, back) : fg;
  if (contrastRatio(front, back) >= min) return fg;
  const white = { r: 255, g: 255, b: 255, a: 1 };
  const black = { r: 0, g: 0, b: 0, a: 1 };
  const lighter = contrastRatio(white, back) >= contrastRatio(black, back);
  const { l } = rgbToHsl(front);
  const flipped = lighter ? Math.max(l, 1 - l) : Math.min(l, 1 - l);
  const start = withLightness(front, flipped);
  if (contrastRatio(start, back) >= min) return start;
  const end = lighter ? 1 : 0;
  if (contrastRatio(withLightness(front, end), back) < min) return lighter ? white : black;
  // The smallest further step that reaches `min` (contrast is monotonic in lightness here).
  let [lo, hi] = [flipped, end];
  for (let i = 0; i < 20; i++) {
    const mid = (lo + hi) / 2;
    if (contrastRatio(withLightness(front, mid), back) >= min) hi = mid;
    else lo = mid;
  }
  return withLightness(front, hi);
}

/**
 * A background that `text` (the theme's text colour) can be read on: unchanged when it already
 * is, else the same hue made darker (dark theme) or lighter (light text colour is dark), flipped
 * first (a white box turns near-black), then moved until `min` holds.
 */
export function adaptBackground(bg: Rgba, text: Rgba, min = AA): Rgba {
  // Looking for a background readable under `text` is the same search with the roles swapped.
  const adapted = adaptForeground({ ...bg, a: 1 }, text, min);
  return adapted === bg || (adapted.r === bg.r && adapted.g === bg.g && adapted.b === bg.b) ? bg : { ...adapted, a: bg.a };
}

export type Theme = 'light' | 'dark';

/** The theme in effect: the setting on `<html data-theme>`, else the system's preference. */
export function effectiveTheme(doc: Document = document): Theme {
  const set = doc.documentElement.dataset.theme;
  if (set === 'dark' || set === 'light') return set;
  return doc.defaultView?.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Original style attributes of the elements a pass changed, per card root (to undo it). */
const changed = new WeakMap<Element, Map<HTMLElement, string | null>>();

function restore(root: Element): void {
  const map = changed.get(root);
  if (!map) return;
  for (const [el, style] of map) {
    if (style === null) el.removeAttribute('style');
    else el.setAttribute('style', style);
  }
  changed.delete(root);
}

function hasOwnText(el: Element): boolean {
  for (const n of Array.from(el.childNodes)) if (n.nodeType === 3 && (n.textContent ?? '').trim() !== '') return true;
  return false;
}

/**
 * Makes the colours inside `root` readable in dark mode (see the module comment); in light mode
 * it only undoes an earlier pass, so authored colours show as written. Safe to call again (after
 * a theme change): each pass starts from the authored styles.
 */
export function adaptColors(root: HTMLElement, theme: Theme): number {
  restore(root);
  if (theme !== 'dark') return 0;
  const view = root.ownerDocument.defaultView;
  if (!view) return 0;
  const style = (el: Element) => view.getComputedStyle(el);
  // The background behind the card: the nearest opaque-enough ancestor, else the page's.
  const layers: Rgba[] = [];
  for (let el: Element | null = root; el; el = el.parentElement) {
    const bg = parseColor(style(el).backgroundColor);
    if (bg && bg.a > 0) {
      layers.push(bg);
      if (bg.a >= 1) break;
    }
  }
  let base: Rgba = { r: 0x11, g: 0x13, b: 0x22, a: 1 };
  for (const layer of layers.reverse()) base = layer.a >= 1 ? layer : composite(layer, base);
  const text = parseColor(style(root).color) ?? { r: 236, g: 238, b: 250, a: 1 };
  const record = changed.get(root) ?? new Map<HTMLElement, string | null>();
  changed.set(root, record);
  const set = (el: HTMLElement, prop: string, value: Rgba) => {
    if (!record.has(el)) record.set(el, el.getAttribute('style'));
    el.style.setProperty(prop, formatColor(value), 'important');
  };
  const effective = new Map<Element, Rgba>([[root, base]]);
  const backOf = (el: Element): Rgba => {
    for (let p: Element | null = el; p; p = p.parentElement) {
      const known = effective.get(p);
      if (known) return known;
    }
    return base;
  };
  let count = 0;
  // Document order: a parent's background is settled before its children are looked at.
  for (const el of Array.from(root.querySelectorAll<HTMLElement>('*'))) {
    // Math markup, and Image Occlusion's masks and labels (our own colours, drawn over the image).
    if (el.closest('.katex-mathml, svg, .io-wrap')) continue;
    const cs = style(el);
    const under = backOf(el.parentElement ?? root);
    const own = parseColor(cs.backgroundColor);
    if (own && own.a > 0) {
      let bg = composite(own, under);
      if (contrastRatio(text, bg) < AA) {
        const adapted = adaptBackground(own.a < 1 ? bg : own, text, TARGET);
        set(el, 'background-color', adapted);
        bg = composite(adapted, under);
        count++;
      }
      effective.set(el, bg);
    }
    if (!hasOwnText(el)) continue;
    const fg = parseColor(style(el).color);
    if (!fg) continue;
    const bg = backOf(el);
    if (contrastRatio(fg, bg) < AA) {
      set(el, 'color', adaptForeground(fg, bg, TARGET));
      count++;
    }
  }
  // Text directly in the root (a side with no wrapping element).
  if (hasOwnText(root)) {
    const fg = parseColor(style(root).color);
    if (fg && contrastRatio(fg, base) < AA) {
      set(root, 'color', adaptForeground(fg, base, TARGET));
      count++;
    }
  }
  return count;
}
