/**
 * Typed-answer comparison, after Anki's: the typed line marks correct characters good and wrong
 * ones bad; when it is not right, the expected line below marks the characters that were missed.
 */
import { escapeHtml } from './text';

type Op = 'good' | 'bad' | 'missed';

/** Above this many differing characters the O(n·m) alignment is skipped (nobody types that much). */
const MAX_DIFF = 400;

const fold = (ch: string) => ch.toLowerCase();

function normalize(text: string): string[] {
  return Array.from(text.normalize('NFC').trim());
}

/**
 * Aligns typed against expected by longest common subsequence (case-insensitive), after trimming
 * the common prefix and suffix, which is most of the work for near-misses.
 */
function align(typed: string[], expected: string[]): { typed: [Op, string][]; expected: [Op, string][] } {
  let pre = 0;
  while (pre < typed.length && pre < expected.length && fold(typed[pre]!) === fold(expected[pre]!)) pre++;
  let suf = 0;
  while (
    suf < typed.length - pre &&
    suf < expected.length - pre &&
    fold(typed[typed.length - 1 - suf]!) === fold(expected[expected.length - 1 - suf]!)
  ) suf++;
  const a = typed.slice(pre, typed.length - suf);
  const b = expected.slice(pre, expected.length - suf);
  const tOps: [Op, string][] = typed.slice(0, pre).map((c) => ['good', c]);
  const eOps: [Op, string][] = expected.slice(0, pre).map((c) => ['good', c]);

  if (a.length > MAX_DIFF || b.length > MAX_DIFF) {
    tOps.push(...a.map((c): [Op, string] => ['bad', c]));
    eOps.push(...b.map((c): [Op, string] => ['missed', c]));
  } else {
    // lcs[i][j] = LCS length of a[i..] and b[j..]
    const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
    for (let i = a.length - 1; i >= 0; i--) {
      for (let j = b.length - 1; j >= 0; j--) {
        lcs[i]![j] = fold(a[i]!) === fold(b[j]!) ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
      if (i < a.length && j < b.length && fold(a[i]!) === fold(b[j]!)) {
        tOps.push(['good', a[i++]!]);
        eOps.push(['good', b[j++]!]);
      } else if (j < b.length && (i >= a.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
        eOps.push(['missed', b[j++]!]);
      } else {
        tOps.push(['bad', a[i++]!]);
      }
    }
  }
  tOps.push(...typed.slice(typed.length - suf).map((c): [Op, string] => ['good', c]));
  eOps.push(...expected.slice(expected.length - suf).map((c): [Op, string] => ['good', c]));
  return { typed: tOps, expected: eOps };
}

/** Consecutive characters with the same verdict share one span. */
function spans(ops: [Op, string][]): string {
  let out = '';
  let k = 0;
  while (k < ops.length) {
    const op = ops[k]![0];
    let text = '';
    while (k < ops.length && ops[k]![0] === op) text += ops[k++]![1];
    out += `<span class="typed-${op}">${escapeHtml(text)}</span>`;
  }
  return out;
}

/**
 * HTML (all text escaped) comparing the typed answer with the expected one. Case, surrounding
 * whitespace and Unicode normalization form do not count as differences.
 */
export function compareTyped(typed: string, expected: string): string {
  const t = normalize(typed);
  const e = normalize(expected);
  if (t.length === 0) {
    return (
      '<div class="typed-compare typed-empty">' +
      '<p class="typed-verdict">No answer typed</p>' +
      `<p class="typed-line"><span class="typed-caption">Expected</span> <code class="typed-expected">${escapeHtml(e.join(''))}</code></p>` +
      '</div>'
    );
  }
  const correct = t.length === e.length && t.every((c, i) => fold(c) === fold(e[i]!));
  const diff = align(t, e);
  let html =
    `<div class="typed-compare ${correct ? 'typed-correct' : 'typed-wrong'}">` +
    `<p class="typed-verdict">${correct ? 'Correct' : 'Not quite'}</p>` +
    `<p class="typed-line"><span class="typed-caption">You typed</span> <code class="typed-answer">${spans(diff.typed)}</code></p>`;
  if (!correct) {
    html += `<p class="typed-line"><span class="typed-caption">Expected</span> <code class="typed-expected">${spans(diff.expected)}</code></p>`;
  }
  return `${html}</div>`;
}
