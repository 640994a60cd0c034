// @vitest-environment happy-dom
// DOM-free helpers (they also run in workers); the environment only matches the other render tests.
import { describe, expect, test } from 'vitest';
import type { Note } from '../../src/core/types';
import { compareTyped, plainText } from '../../src/render';
import { resolveCloze, revealAll } from '../../src/render/cloze';
import { extractHtmlMath, extractMarkdownMath } from '../../src/render/math';
import { classifyImageSrc } from '../../src/render/media';
import { filterStyle } from '../../src/render/style';

const note = (p: Partial<Note>): Note => ({
  id: 'n1', deckId: 'd1', kind: 'basic', format: 'markdown', front: '', back: '', tags: [], topics: [], noteTypeId: 'pd-basic', fields: [], mtime: 0, usn: 0, ...p,
});
const dom = (html: string) => new DOMParser().parseFromString(html, 'text/html').body;
const spans = (html: string, cls: string) => Array.from(dom(html).querySelectorAll(`.${cls}`)).map((e) => e.textContent);

describe('compareTyped', () => {
  test('equal after trimming, case folding and NFC is correct', () => {
    const html = compareTyped('  CAFE\u0301 ', 'café');
    expect(dom(html).querySelector('.typed-correct .typed-verdict')?.textContent).toBe('Correct');
    expect(spans(html, 'typed-good')).toEqual(['CAFÉ']);
    expect(dom(html).querySelector('.typed-expected')).toBeNull();
  });

  test('character diff: wrong, extra and missing characters', () => {
    const html = compareTyped('recieve', 'receive');
    expect(dom(html).querySelector('.typed-verdict')?.textContent).toBe('Not quite');
    expect(dom(html).querySelector('.typed-answer')?.textContent).toBe('recieve');
    expect(dom(html).querySelector('.typed-expected')?.textContent).toBe('receive');
    expect(spans(html, 'typed-bad').join('')).toHaveLength(1);
    expect(spans(html, 'typed-missed').join('')).toHaveLength(1);

    const extra = compareTyped('O(n log n)', 'O(n)');
    expect(spans(extra, 'typed-bad')).toEqual([' log n']);
    expect(spans(extra, 'typed-missed')).toEqual([]);

    const missing = compareTyped('68', '68%');
    expect(spans(missing, 'typed-missed')).toEqual(['%']);
  });

  test('HTML in either string is escaped', () => {
    const html = compareTyped('<b>x</b>', '<i>x</i>');
    expect(html).not.toContain('<b>');
    expect(html).not.toContain('<i>');
    expect(dom(html).querySelector('.typed-answer')?.textContent).toBe('<b>x</b>');
  });

  test('nothing typed shows the expected answer', () => {
    const html = compareTyped('   ', 'Paris');
    expect(dom(html).querySelector('.typed-empty .typed-expected')?.textContent).toBe('Paris');
  });

  test('very long answers still compare (no quadratic blow-up)', () => {
    const a = 'x'.repeat(5000);
    const html = compareTyped(`${a}y`, `${a}z`);
    expect(spans(html, 'typed-bad')).toEqual(['y']);
    expect(spans(html, 'typed-missed')).toEqual(['z']);
  });
});

describe('plainText', () => {
  test('markdown front without markup, math source kept', () => {
    const n = note({ front: '## Why is **append** $O(1)$ *amortized*?\n\nSee [docs](https://x.y) and `xs.append` costs \\$5.' });
    expect(plainText(n)).toBe('Why is append O(1) amortized? See docs and xs.append costs $5.');
  });

  test('cloze shows the deletion text; snake_case survives', () => {
    const n = note({ kind: 'cloze', front: 'Use {{c1::heap_push::fn}} and {{c2::heapq}}' });
    expect(plainText(n)).toBe('Use heap_push and heapq');
  });

  test('html: tags dropped, entities decoded, scripts ignored', () => {
    const n = note({ format: 'html', front: '<div>A &lt;b&gt;<br>B&nbsp;&amp; C</div><script>alert(1)</script>' });
    expect(plainText(n)).toBe('A <b> B & C');
  });

  test('truncates at max characters with an ellipsis', () => {
    const n = note({ front: 'word '.repeat(100) });
    const t = plainText(n, 20);
    expect(Array.from(t).length).toBeLessThanOrEqual(20);
    expect(t.endsWith('…')).toBe(true);
  });
});

describe('cloze resolution', () => {
  test('same number hidden together; others plain; hints', () => {
    const t = '{{c1::a}} {{c2::b::hint}} {{c1::c}}';
    expect(resolveCloze(t, 1, 'front')).toBe('\uE000\uE003…\uE004\uE002 b \uE000\uE003…\uE004\uE002');
    expect(resolveCloze(t, 2, 'front')).toBe('a \uE000\uE003hint\uE004\uE002 c');
    expect(resolveCloze(t, 2, 'back')).toBe('a \uE001b\uE002 c');
  });

  test('nested deletions and braces in TeX', () => {
    const t = '{{c1::outer {{c2::inner}} end}} and {{c3::$x^{2}}$}}';
    expect(revealAll(t)).toBe('outer inner end and $x^{2}}$');
    expect(resolveCloze(t, 2, 'front')).toBe('outer \uE000\uE003…\uE004\uE002 end and $x^{2}}$');
    expect(resolveCloze(t, 1, 'back')).toBe('\uE001outer inner end\uE002 and $x^{2}}$');
  });

  test('unclosed deletion stays as written', () => {
    expect(resolveCloze('a {{c1::b', 1, 'front')).toBe('a {{c1::b');
  });
});

describe('math extraction', () => {
  test('markdown: skips code, honours \\$, Pandoc rules for $', () => {
    const { text, spans: s } = extractMarkdownMath('a $x$ b `$y$` \\$3 $5 and $6\n```\n$z$\n```\n$$\nw\n$$ \\(p\\) \\[q\\]');
    expect(s.map((m) => [m.tex, m.display])).toEqual([['x', false], ['\nw\n', true], ['p', false], ['q', true]]);
    expect(text).toContain('`$y$`');
    expect(text).toContain('\\$3 $5 and $6');
    expect(text).toContain('```\n$z$\n```');
  });

  test('markdown: no inline math across a blank line', () => {
    expect(extractMarkdownMath('$a\n\nb$').spans).toEqual([]);
    expect(extractMarkdownMath('$a\nb$').spans).toHaveLength(1);
  });

  test('html: Anki delimiters, TeX decoded by the given function', () => {
    const { spans: s } = extractHtmlMath('[$]a&lt;b[/$] \\(c\\) [LATEX]$d$[/LATEX] $e$', (h) => h.replace(/&lt;/g, '<'));
    expect(s.map((m) => [m.tex, m.display])).toEqual([['a<b', false], ['c', false], ['d', false]]);
  });
});

describe('filterStyle', () => {
  test.each([
    ['color: red; font-size: 40px', 'color: red'],
    ['COLOR: #ABC !important', 'color: #ABC'],
    ['background-color: rgb(0 0 0 / 50%)', 'background-color: rgb(0 0 0 / 50%)'],
    ['color: url(x)', ''],
    ['color: expression(alert(1))', ''],
    ['color: rgb(calc(1), 0, 0)', ''],
    ['color: "red"', ''],
    ['color: red /* x */', ''],
    ['c\\olor: red', ''],
    ['position: fixed; inset: 0', ''],
    ['text-decoration: underline; font-style: italic; text-align: right; font-weight: 700', 'text-decoration: underline; font-style: italic; text-align: right; font-weight: 700'],
  ])('%s', (input, expected) => expect(filterStyle(input)).toBe(expected));
});

describe('classifyImageSrc', () => {
  test.each([
    ['cat.png', 'local'],
    ['./cat.png', 'local'],
    ['my%20cat.png', 'local'],
    ['https://x/y.png', 'remote'],
    ['//x/y.png', 'remote'],
    ['/abs.png', 'remote'],
    ['data:image/png;base64,AA', 'data'],
    ['data:image/svg+xml,<svg/>', 'blocked'],
    ['javascript:alert(1)', 'blocked'],
    [' java\tscript:alert(1)', 'blocked'],
    ['blob:https://x/1', 'blocked'],
    ['', 'blocked'],
  ])('%s is %s', (src, kind) => expect(classifyImageSrc(src).kind).toBe(kind));
});
