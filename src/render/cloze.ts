/**
 * Anki cloze deletions, `{{cN::text}}` and `{{cN::text::hint}}`, resolved to marker text before
 * Markdown/HTML rendering so that math and code inside a deletion still render normally.
 */
import { CLOZE_END, CLOZE_HIDDEN, CLOZE_REVEALED, HINT_CLOSE, HINT_OPEN } from './markers';

interface Deletion {
  /** Cloze numbers: Anki 23.10+ writes `{{c1,2::…}}` for one deletion on several cards. */
  nums: number[];
  content: string;
  hint?: string;
}
type Segment = string | Deletion;

/**
 * Finds the `}}` closing a deletion whose content starts at `from`, and the first `::` (hint
 * separator) at nesting depth 0. Braces are counted so TeX such as `$\frac{1}{x^{2}}$` and nested
 * deletions stay inside; Anki's own non-greedy match would cut them at the first `}}`.
 */
function findEnd(text: string, from: number): { end: number; sep: number } | null {
  let depth = 0;
  let sep = -1;
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') {
      i++;
    } else if (ch === '{') {
      depth++;
    } else if (ch === '}') {
      if (depth > 0) depth--;
      else if (text[i + 1] === '}') return { end: i, sep };
    } else if (ch === ':' && text[i + 1] === ':' && depth === 0 && sep < 0) {
      sep = i;
      i++;
    }
  }
  // Unbalanced braces: fall back to Anki's rule (first `}}`, first `::`).
  const end = text.indexOf('}}', from);
  if (end < 0) return null;
  const s = text.indexOf('::', from);
  return { end, sep: s >= 0 && s < end ? s : -1 };
}

function parse(text: string): Segment[] {
  const out: Segment[] = [];
  let pos = 0;
  const open = /\{\{c(\d+(?:,\d+)*)::/g;
  for (let m = open.exec(text); m; m = open.exec(text)) {
    const start = m.index;
    const bodyStart = start + m[0].length;
    const found = findEnd(text, bodyStart);
    if (!found) break;
    if (start > pos) out.push(text.slice(pos, start));
    const content = text.slice(bodyStart, found.sep >= 0 ? found.sep : found.end);
    const hint = found.sep >= 0 ? text.slice(found.sep + 2, found.end) : undefined;
    const nums = m[1]!.split(',').map(Number);
    out.push(hint === undefined ? { nums, content } : { nums, content, hint });
    pos = found.end + 2;
    open.lastIndex = pos;
  }
  if (pos < text.length) out.push(text.slice(pos));
  return out;
}

/**
 * The text of cloze card `num` (card ordinal + 1): on the front the active deletions become
 * `[…]` or `[hint]`, on the back they are revealed; other deletions show their text. Nested
 * deletions (`{{c1::a {{c2::b}}}}`) resolve recursively. Output holds marker characters
 * (see markers.ts) that become spans after Markdown.
 */
export function resolveCloze(text: string, num: number, side: 'front' | 'back'): string {
  return parse(text)
    .map((seg) => {
      if (typeof seg === 'string') return seg;
      if (!seg.nums.includes(num)) return resolveCloze(seg.content, num, side);
      if (side === 'back') return CLOZE_REVEALED + resolveCloze(seg.content, num, side) + CLOZE_END;
      const hint = seg.hint?.trim() ? seg.hint.trim() : '…';
      return CLOZE_HIDDEN + HINT_OPEN + hint + HINT_CLOSE + CLOZE_END;
    })
    .join('');
}

/**
 * The text with every deletion shown as plain text (previews, search). Image Occlusion shapes
 * (`{{c1::image-occlusion:rect:…}}`) are drawing instructions, not text: they show as nothing.
 */
export function revealAll(text: string): string {
  return parse(text)
    .map((seg) => (typeof seg === 'string' ? seg : seg.content.startsWith('image-occlusion:') ? '' : revealAll(seg.content)))
    .join('');
}

/**
 * The text of card `num`'s deletions (what `{{type:cloze:Text}}` expects), each with other
 * deletions inside it revealed; Anki joins several with ", ".
 */
export function clozeAnswers(text: string, num: number): string[] {
  const out: string[] = [];
  const walk = (t: string) => {
    for (const seg of parse(t)) {
      if (typeof seg === 'string') continue;
      if (seg.nums.includes(num)) out.push(revealAll(seg.content));
      else walk(seg.content);
    }
  };
  walk(text);
  return out;
}
