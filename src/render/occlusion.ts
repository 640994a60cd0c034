/**
 * Anki Image Occlusion (the note type Anki 23.10+ ships), drawn natively: the image with our own
 * mask elements laid over it, without the note's script. Shapes are clozes in the Occlusion field,
 * `{{c1::image-occlusion:rect:left=.1:top=.2:width=.3:height=.1:oi=1}}` (rect, ellipse with
 * `rx`/`ry`, polygon with `points=x,y x,y …`, text with `text=`), in coordinates normalized to
 * the image (0–1; early 23.10 notes stored pixels, converted with the image's size).
 *
 * As in Anki (rslib/src/cloze.rs, ts/routes/image-occlusion/review.ts): on the front the shapes
 * of the card's cloze number are masked in the active colour; other shapes are masked only when
 * they say `oi=1` ("hide all, guess one"), otherwise shown ("hide one"); on the back the active
 * shapes become outlined regions and the others stay as on the front. Shapes of cloze 0 are
 * always masked. Text shapes (labels) show on the back only.
 *
 * The overlay is our own HTML, built from parsed numbers: nothing from the note reaches a style,
 * and masks are clipped to the image (as on Anki's canvas) however large or far off the numbers.
 */
import { escapeHtml } from './text';

export type ShapeKind = 'rect' | 'ellipse' | 'polygon' | 'text';

export interface Shape {
  kind: ShapeKind;
  /** Cloze numbers the shape belongs to (0: always shown). */
  ordinals: number[];
  left: number;
  top: number;
  width: number;
  height: number;
  /** Polygon points, in the same units as left/top. */
  points: [number, number][];
  text: string;
  /** Degrees, clockwise, about the shape's top-left corner. */
  angle: number;
  /** Hide all: mask this shape on other cards too. */
  oi: boolean;
  fill?: string;
}

const SHAPE_CLOZE = /\{\{c(\d+(?:,\d+)*)::image-occlusion:([\s\S]*?)\}\}/g;

/** True when cloze text holds image-occlusion shapes. */
export function hasOcclusions(text: string): boolean {
  return /\{\{c\d+(?:,\d+)*::image-occlusion:/.test(text);
}

/** Splits `name=value` pairs on unescaped `:` (Anki escapes `:` and `\` with a backslash). */
function properties(body: string): Map<string, string> {
  const out = new Map<string, string>();
  let cur = '';
  const parts: string[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\' && i + 1 < body.length) cur += body[++i];
    else if (c === ':') {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  for (const p of parts) {
    const eq = p.indexOf('=');
    if (eq > 0) out.set(p.slice(0, eq).trim(), p.slice(eq + 1));
  }
  return out;
}

const num = (v: string | undefined): number => {
  const n = Number(v);
  return Number.isFinite(n) ? n : 0;
};

/** Anki stores angles in steps of 1/10000 turn. */
function angleOf(v: string | undefined): number {
  const n = Number(v);
  return Number.isFinite(n) ? ((n % 10000) / 10000) * 360 : 0;
}

/** Every shape in an Occlusion field, in field order. Unknown shape kinds are skipped. */
export function parseOcclusions(text: string): Shape[] {
  const shapes: Shape[] = [];
  for (const m of text.matchAll(SHAPE_CLOZE)) {
    const body = m[2]!;
    const colon = body.indexOf(':');
    const kind = (colon < 0 ? body : body.slice(0, colon)).trim();
    if (kind !== 'rect' && kind !== 'ellipse' && kind !== 'polygon' && kind !== 'text') continue;
    const p = properties(colon < 0 ? '' : body.slice(colon + 1));
    const ordinals = m[1]!.split(',').map(Number);
    const shape: Shape = { kind, ordinals, left: num(p.get('left')), top: num(p.get('top')), width: 0, height: 0, points: [], text: '', angle: angleOf(p.get('angle')), oi: p.get('oi') === '1' };
    const fill = p.get('fill');
    if (fill && /^#[0-9a-f]{3,8}$/i.test(fill)) shape.fill = fill;
    if (kind === 'rect') {
      shape.width = num(p.get('width'));
      shape.height = num(p.get('height'));
    } else if (kind === 'ellipse') {
      shape.width = 2 * num(p.get('rx'));
      shape.height = 2 * num(p.get('ry'));
    } else if (kind === 'polygon') {
      shape.points = (p.get('points') ?? '')
        .trim()
        .split(/\s+/)
        .map((pt) => pt.split(',').map(Number) as [number, number])
        .filter((pt) => pt.length === 2 && pt.every(Number.isFinite));
      if (shape.points.length < 3) continue;
      const xs = shape.points.map((q) => q[0]);
      const ys = shape.points.map((q) => q[1]);
      shape.left = Math.min(...xs);
      shape.top = Math.min(...ys);
      shape.width = Math.max(...xs) - shape.left;
      shape.height = Math.max(...ys) - shape.top;
    } else {
      shape.text = p.get('text') ?? '';
    }
    shapes.push(shape);
  }
  return shapes;
}

/** Whether the shapes are in pixels (early Anki 23.10) rather than normalized to the image. */
export function inPixels(shapes: readonly Shape[]): boolean {
  return shapes.some((s) => [s.left, s.top, s.width, s.height, ...s.points.flat()].some((v) => v > 1.0001));
}

export interface OverlayInput {
  shapes: readonly Shape[];
  /** Cloze number of the card (ordinal + 1). */
  num: number;
  side: 'front' | 'back';
  /** A blob:/data: URL (already resolved and checked), or undefined when the image is missing. */
  src: string | undefined;
  alt: string;
  /** Name of the image for the missing-image notice. */
  name: string;
  /** The image's natural size, needed for shapes in pixels. */
  size?: { width: number; height: number } | undefined;
}

const ACTIVE = '#ff8e8e';
const INACTIVE = '#ffeba2';
const BORDER = '#212121';

const pct = (v: number) => `${(Math.round(v * 100000) / 1000).toString()}%`;

type Role = 'active' | 'inactive' | 'highlight' | 'label';

/** How a shape shows on this side of this card, or null when it does not show. */
export function roleOf(shape: Shape, num: number, side: 'front' | 'back'): Role | null {
  if (shape.kind === 'text') return side === 'back' ? 'label' : null;
  if (shape.ordinals.includes(0)) return 'active';
  if (shape.ordinals.includes(num)) return side === 'front' ? 'active' : 'highlight';
  return shape.oi ? 'inactive' : null;
}

function maskHtml(shape: Shape, role: Role, sx: number, sy: number): string {
  const box = `left:${pct(shape.left / sx)};top:${pct(shape.top / sy)};width:${pct(shape.width / sx)};height:${pct(shape.height / sy)}`;
  const rotate = shape.angle && shape.kind !== 'polygon' ? `;transform-origin:0 0;transform:rotate(${Math.round(shape.angle * 100) / 100}deg)` : '';
  if (role === 'label') {
    return `<span class="io-label" data-io="label" style="position:absolute;left:${pct(shape.left / sx)};top:${pct(shape.top / sy)};background:#fff;color:#000;padding:0 .2em;font-size:.8em;line-height:1.3;white-space:pre;border-radius:2px${rotate}">${escapeHtml(shape.text)}</span>`;
  }
  const fill = role === 'active' ? ACTIVE : role === 'inactive' ? (shape.fill ?? INACTIVE) : 'transparent';
  const edge = role === 'highlight' ? `2px solid ${ACTIVE}` : `1px solid ${BORDER}`;
  const label = role === 'active' && shape.ordinals.includes(0) ? 'fixed' : role;
  const common = `class="io-mask io-${role}" data-io="${role}" data-io-label="${label}" aria-hidden="true"`;
  if (shape.kind === 'polygon') {
    // The mask covers the image and is clipped to the polygon (a border would be clipped away).
    const points = shape.points.map(([x, y]) => `${pct(x / sx)} ${pct(y / sy)}`).join(',');
    const polyFill = role === 'highlight' ? 'rgba(255,142,142,.35)' : fill;
    return `<div ${common} style="position:absolute;left:0;top:0;width:100%;height:100%;background:${polyFill};clip-path:polygon(${points})"></div>`;
  }
  const round = shape.kind === 'ellipse' ? ';border-radius:50%' : '';
  return `<div ${common} style="position:absolute;box-sizing:border-box;${box};background:${fill};border:${edge}${round}${rotate}"></div>`;
}

/** The image with its masks for one side of one card (trusted HTML: every value was computed here). */
export function occlusionOverlay(input: OverlayInput): string {
  const { shapes, num, side } = input;
  if (!input.src) return `<p class="io-missing"><span class="media-missing">missing image: ${escapeHtml(input.name || 'no image in this note')}</span></p>`;
  const px = inPixels(shapes);
  const sx = px ? input.size?.width ?? 0 : 1;
  const sy = px ? input.size?.height ?? 0 : 1;
  const masks: string[] = [];
  if (sx > 0 && sy > 0) {
    for (const s of shapes) {
      const role = roleOf(s, num, side);
      if (role) masks.push(maskHtml(s, role, sx, sy));
    }
  }
  const hideAll = shapes.some((s) => s.ordinals.includes(num) && s.oi);
  return (
    `<div class="io-wrap" data-io-mode="${hideAll ? 'hide-all' : 'hide-one'}" style="position:relative;display:inline-block;max-width:100%;line-height:0;vertical-align:top;overflow:hidden">` +
    `<img class="io-image" src="${escapeHtml(input.src)}" alt="${escapeHtml(input.alt)}" style="display:block;max-width:100%;height:auto;margin:0">` +
    masks.join('') +
    '</div>'
  );
}

/** A private-use character (stripped from card text before this runs) marking the image's place. */
const SLOT = '\uE01F';

export interface SplitSide {
  before: string;
  after: string;
  /** The image's `src` as written, and its alt text. */
  src: string | undefined;
  alt: string;
}

/**
 * A rendered Image Occlusion side split around its image: the template's
 * `#image-occlusion-container` (or, failing that, its first image) is taken out; the canvas, the
 * script, the "Toggle Masks" button and the error slot go. Needs a DOM (inert parse).
 */
export function splitAtImage(html: string): SplitSide {
  const doc = new DOMParser().parseFromString(`<body>${html.replace(/\uE01F/g, '')}`, 'text/html');
  for (const el of Array.from(doc.querySelectorAll('script, canvas, button, #err'))) el.remove();
  const container = doc.getElementById('image-occlusion-container');
  const img = (container ?? doc.body).querySelector('img');
  const src = img?.getAttribute('src') ?? undefined;
  const alt = img?.getAttribute('alt') ?? '';
  const target = container ?? img;
  if (!target) return { before: doc.body.innerHTML, after: '', src: undefined, alt: '' };
  target.replaceWith(doc.createTextNode(SLOT));
  const [before = '', after = ''] = doc.body.innerHTML.split(SLOT);
  return { before, after, src, alt };
}

/** The natural size of an image URL (only needed for shapes stored in pixels). */
export function imageSize(url: string): Promise<{ width: number; height: number } | undefined> {
  return new Promise((resolve) => {
    const img = new Image();
    img.onload = () => resolve({ width: img.naturalWidth, height: img.naturalHeight });
    img.onerror = () => resolve(undefined);
    img.src = url;
  });
}
