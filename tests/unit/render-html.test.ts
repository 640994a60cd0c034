// @vitest-environment happy-dom
import { beforeAll, describe, expect, test } from 'vitest';
import type { Note } from '../../src/core/types';
import { referencedMedia, renderSide } from '../../src/render';
import { installHappyDomFixes } from '../../src/render/testing/happy-dom';

// happy-dom needs two fixes before DOMPurify works as in a browser (see the module).
beforeAll(installHappyDomFixes);

const note = (p: Partial<Note>): Note => ({
  id: 'n1', deckId: 'd1', kind: 'basic', format: 'html', front: '', back: '', tags: [], topics: [], noteTypeId: 'pd-basic', fields: [], mtime: 0, usn: 0, ...p,
});
const dom = (html: string): HTMLElement => new DOMParser().parseFromString(html, 'text/html').body;
const media = (name: string) => ({ 'cat.png': 'blob:http://app/cat', 'my image.png': 'blob:http://app/mine', 'evil.png': 'https://evil.example/x.png' })[name];
const render = async (n: Partial<Note>, ord = 0, side: 'front' | 'back' = 'front', typed?: string) =>
  dom(await renderSide({ note: note(n), ord, side, media, ...(typed === undefined ? {} : { typed }) }));

describe('html notes (Anki)', () => {
  const sides = [
    { front: '<div class="q">Capital of <b>France</b>?</div>', back: '<div class="q">Capital of <b>France</b>?</div><hr id=answer>Paris' },
    { front: 'Paris is the capital of?', back: 'Paris is the capital of?<hr id=answer>France' },
  ];

  test('uses the pre-rendered side for the ordinal', async () => {
    const f0 = await render({ front: 'France', back: 'Paris', sides, kind: 'reversed' }, 0, 'front');
    expect(f0.querySelector('.q b')?.textContent).toBe('France');
    const b1 = await render({ front: 'France', back: 'Paris', sides, kind: 'reversed' }, 1, 'back');
    expect(b1.textContent).toBe('Paris is the capital of?France');
    // No extra rule of ours: Anki's back already holds {{FrontSide}} and its own <hr id=answer>.
    expect(b1.querySelectorAll('hr')).toHaveLength(1);
    expect(b1.querySelector('hr')?.id).toBe('user-content-answer');
  });

  test('typeAnswer adds the comparison on the back', async () => {
    const n = { kind: 'type-in' as const, sides: [{ front: 'Say hi', back: 'Say hi<hr>', typeAnswer: 'Grüße' }] };
    const body = await render(n, 0, 'back', ' gru\u0308ße ');
    expect(body.querySelector('.typed-compare.typed-correct')).not.toBeNull();
    const wrong = await render(n, 0, 'back', 'Gruße');
    expect(wrong.querySelector('.typed-wrong .typed-answer .typed-bad')?.textContent).toBe('u');
    expect(wrong.querySelector('.typed-expected .typed-missed')?.textContent).toBe('ü');
  });

  test('cloze without sides applies cloze to the HTML front, back is the extra', async () => {
    const n = { kind: 'cloze' as const, front: 'The {{c1::<b>mitochondria</b>}} is the {{c2::powerhouse::role}}.', back: '<i>Extra</i>' };
    const f1 = await render(n, 1, 'front');
    expect(f1.querySelector('.cloze')?.textContent).toBe('[role]');
    expect(f1.querySelector('b')?.textContent).toBe('mitochondria');
    const b0 = await render(n, 0, 'back');
    expect(b0.querySelector('.cloze-revealed b')?.textContent).toBe('mitochondria');
    expect(b0.querySelector('hr.answer-rule + i')?.textContent).toBe('Extra');
  });

  test('entities are decoded exactly once', async () => {
    const body = await render({ sides: [{ front: 'Use &lt;sorted&gt; &amp;amp; go', back: '' }] });
    expect(body.textContent).toBe('Use <sorted> &amp; go');
    expect(body.querySelector('sorted')).toBeNull();
  });

  test('Markdown syntax in HTML notes stays text', async () => {
    const body = await render({ sides: [{ front: '**not bold** $x$', back: '' }] });
    expect(body.querySelector('strong, .katex')).toBeNull();
  });
});

describe('math in html notes', () => {
  const one = async (front: string) => render({ sides: [{ front, back: '' }] });

  test('MathJax \\( \\) and \\[ \\]', async () => {
    const body = await one('Inline \\(a &lt; b\\) and display \\[\\sum_i x_i\\]');
    expect(body.querySelectorAll('.katex')).toHaveLength(2);
    expect(body.querySelectorAll('.katex-display')).toHaveLength(1);
    expect(body.querySelector('annotation')?.textContent).toBe('a < b');
  });

  test('Anki [$] [$$] and [latex]', async () => {
    const body = await one('[$]x^2[/$] then [$$]\\int_0^1 f[/$$] and [latex]$\\alpha$[/latex]');
    const notes = Array.from(body.querySelectorAll('annotation')).map((a) => a.textContent);
    expect(notes).toEqual(['x^2', '\\int_0^1 f', '\\alpha']);
    expect(body.querySelectorAll('.katex-display')).toHaveLength(1);
  });

  test('<br> inside TeX becomes a line break, &amp; an ampersand', async () => {
    const body = await one('\\[\\begin{aligned}a &amp;= 1 \\\\<br>b &amp;= 2\\end{aligned}\\]');
    expect(body.querySelector('.katex-display')).not.toBeNull();
    expect(body.querySelector('annotation')?.textContent).toBe('\\begin{aligned}a &= 1 \\\\\nb &= 2\\end{aligned}');
  });

  test('what KaTeX cannot parse is shown as source in <code>', async () => {
    const body = await one('Broken: \\(\\frac{1 &amp; 2\\) and \\[\\def\\a{\\a\\a}\\a\\]');
    expect(body.querySelector('.katex')).toBeNull();
    const codes = Array.from(body.querySelectorAll('code.math-source')).map((c) => c.textContent);
    expect(codes).toEqual(['\\(\\frac{1 & 2\\)', '\\[\\def\\a{\\a\\a}\\a\\]']);
  });

  test('MathJax \\require is ignored, the rest renders', async () => {
    const body = await one('\\(\\require{cancel}\\cancel{x}\\)');
    expect(body.querySelector('.katex .cancel-pad, .katex svg')).not.toBeNull();
    expect(body.querySelector('code.math-source')).toBeNull();
  });

  test('dollars are not math in Anki HTML', async () => {
    const body = await one('costs $5 or $10');
    expect(body.querySelector('.katex')).toBeNull();
    expect(body.textContent).toBe('costs $5 or $10');
  });

  test('math in an attribute becomes its TeX text, not markup', async () => {
    const body = await one('<span title="\\(x\\)">t</span>');
    expect(body.querySelector('span')?.getAttribute('title')).toBe('\\(x\\)');
    expect(body.querySelector('.katex')).toBeNull();
  });
});

describe('inline styles from imported decks', () => {
  test('whitelisted properties survive, the rest is dropped', async () => {
    const body = await render({
      sides: [{ front: '<span style="color: #c00; font-weight: bold; position: fixed; top: 0; background-color: rgb(1, 2, 3)">a</span><div style="background-image: url(x.png)">b</div><p style="text-align:center;font-size:99px">c</p>', back: '' }],
    });
    expect(body.querySelector('span')?.getAttribute('style')).toBe('color: #c00; font-weight: bold; background-color: rgb(1, 2, 3)');
    expect(body.querySelector('div:not(.card-content)')?.hasAttribute('style')).toBe(false);
    expect(body.querySelector('p')?.getAttribute('style')).toBe('text-align: center');
  });

  test('url(), expression() and escapes are refused', async () => {
    const body = await render({
      sides: [{ front: '<b style="color: expression(alert(1))">1</b><b style="background-color: url(javascript:alert(1))">2</b><b style="color: re\\64">3</b><b style="color: var(--x)">4</b>', back: '' }],
    });
    for (const b of Array.from(body.querySelectorAll('b'))) expect(b.hasAttribute('style')).toBe(false);
  });
});

describe('images and media', () => {
  test('local names map to blob: URLs (HTML and Markdown, encoded names too)', async () => {
    const html = await render({ sides: [{ front: '<img src="cat.png" alt="a cat">', back: '' }] });
    expect(html.querySelector('img')?.getAttribute('src')).toBe('blob:http://app/cat');
    const md = await render({ format: 'markdown', front: '![a cat](cat.png) ![mine](<my image.png>)' });
    expect(Array.from(md.querySelectorAll('img')).map((i) => i.getAttribute('src'))).toEqual(['blob:http://app/cat', 'blob:http://app/mine']);
    expect(md.querySelector('img')?.getAttribute('alt')).toBe('a cat');
  });

  test('an unknown local name shows a visible placeholder', async () => {
    const body = await render({ sides: [{ front: 'See <img src="dog.png">', back: '' }] });
    expect(body.querySelector('img')).toBeNull();
    expect(body.querySelector('.media-missing')?.textContent).toBe('missing image: dog.png');
  });

  test('remote images are not loaded; the placeholder has the alt text and no link', async () => {
    const body = await render({ format: 'markdown', front: '![the chart](https://example.com/c.png) <img src="//cdn.example/x.png">' });
    expect(body.querySelector('img, a')).toBeNull();
    const ph = Array.from(body.querySelectorAll('.media-remote')).map((e) => e.textContent);
    expect(ph).toEqual(['[image: the chart]', '[remote image not loaded]']);
  });

  test('a media resolver answering with a non-blob URL is not trusted', async () => {
    const body = await render({ sides: [{ front: '<img src="evil.png">', back: '' }] });
    expect(body.querySelector('img')).toBeNull();
    expect(body.querySelector('.media-missing')).not.toBeNull();
  });

  test('inline raster data: images are kept, other data: URLs are not', async () => {
    const body = await render({ sides: [{ front: '<img src="data:image/png;base64,iVBORw0KGgo="><img src="data:text/html,<script>alert(1)</script>">', back: '' }] });
    const imgs = body.querySelectorAll('img');
    expect(imgs).toHaveLength(1);
    expect(imgs[0]?.getAttribute('src')).toMatch(/^data:image\/png/);
  });

  test('referencedMedia lists local names only, decoded once', () => {
    const n = note({
      front: '<img src="a&amp;b.png"><img src=\'c.png\'><img class=x src=d.jpg><img src="https://x/y.png"><img src="data:image/png;base64,AA">',
      back: '',
      sides: [{ front: '<img src="latex-abc.svg">', back: '<IMG SRC="e%20f.png">' }],
    });
    expect(referencedMedia(n).sort()).toEqual(['a&b.png', 'c.png', 'd.jpg', 'e f.png', 'e%20f.png', 'latex-abc.svg']);
    const md = note({ format: 'markdown', front: '![x](one.png) ![y](<two words.png> "t")', back: '![z](https://a/b.png)' });
    expect(referencedMedia(md).sort()).toEqual(['one.png', 'two words.png']);
  });
});
