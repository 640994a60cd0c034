// @vitest-environment happy-dom
import { beforeAll, describe, expect, test } from 'vitest';
import type { Note } from '../../src/core/types';
import { renderSide } from '../../src/render';
import { installHappyDomFixes } from '../../src/render/testing/happy-dom';

// happy-dom needs two fixes before DOMPurify works as in a browser (see the module).
beforeAll(installHappyDomFixes);

const note = (p: Partial<Note>): Note => ({
  id: 'n1', deckId: 'd1', kind: 'basic', format: 'markdown', front: '', back: '', tags: [], topics: [], noteTypeId: 'pd-basic', fields: [], mtime: 0, usn: 0, ...p,
});
const dom = (html: string): HTMLElement => new DOMParser().parseFromString(html, 'text/html').body;
const render = async (n: Partial<Note>, ord = 0, side: 'front' | 'back' = 'front', typed?: string) =>
  dom(await renderSide({ note: note(n), ord, side, ...(typed === undefined ? {} : { typed }) }));

describe('markdown', () => {
  test('basic front and back with the answer rule', async () => {
    const front = await render({ front: 'What is **big-O**?', back: 'An *upper* bound.' });
    expect(front.querySelector('.card-content.card-front strong')?.textContent).toBe('big-O');
    expect(front.querySelector('hr')).toBeNull();
    const back = await render({ front: 'What is **big-O**?', back: 'An *upper* bound.' }, 0, 'back');
    const kids = Array.from(back.querySelector('.card-content')!.children).map((e) => e.tagName);
    expect(kids).toEqual(['P', 'HR', 'P']);
    expect(back.querySelector('hr')?.className).toBe('answer-rule');
    expect(back.querySelector('em')?.textContent).toBe('upper');
  });

  test('GFM table is wrapped for horizontal scrolling', async () => {
    const body = await render({ front: '| op | cost |\n|---|---|\n| push | $O(1)$ |\n| abs | $|x|$ |' });
    const table = body.querySelector('div.table-wrap > table');
    expect(table).not.toBeNull();
    expect(table!.querySelectorAll('tbody tr')).toHaveLength(2);
    // `|` inside math does not split the cell: math is taken out before Markdown.
    expect(table!.querySelectorAll('tbody tr:last-child td')).toHaveLength(2);
    expect(table!.querySelector('tbody tr:last-child .katex')).not.toBeNull();
  });

  test('the empty corner of a comparison table is a data cell, not an empty header', async () => {
    const body = await render({ front: '| | LLN | CLT |\n|---|---|---|\n| says | mean converges | shape is normal |' });
    const head = body.querySelector('thead tr')!;
    expect(Array.from(head.children).map((c) => `${c.tagName}:${c.textContent}`)).toEqual(['TD:', 'TH:LLN', 'TH:CLT']);
  });

  test('fenced code is highlighted with highlight.js classes', async () => {
    const body = await render({ front: '```python\ndef f(x):\n    return x  # id\n```' });
    const code = body.querySelector('pre.code-block > code.hljs.language-python');
    expect(code).not.toBeNull();
    expect(code!.querySelector('.hljs-keyword')?.textContent).toBe('def');
    expect(code!.querySelector('.hljs-comment')).not.toBeNull();
    expect(code!.textContent).toBe('def f(x):\n    return x  # id');
  });

  test.each([
    ['sql', 'SELECT id FROM t WHERE x = 1;', 'language-sql'],
    ['bash', 'echo "$HOME" | wc -l', 'language-bash'],
    ['ts', 'const x: number = 1;', 'language-typescript'],
    ['yaml', 'key: value', 'language-yaml'],
  ])('%s code is highlighted', async (lang, src, cls) => {
    const body = await render({ front: `\`\`\`${lang}\n${src}\n\`\`\`` });
    const code = body.querySelector(`code.${cls}`);
    expect(code?.textContent).toBe(src);
    expect(code!.querySelector('[class^="hljs-"]')).not.toBeNull();
  });

  test('code without a known language is escaped, not highlighted', async () => {
    const body = await render({ front: '```text\n<b>x</b> $y$\n```\n\n```\nplain\n```' });
    const codes = body.querySelectorAll('pre code');
    expect(codes[0]?.textContent).toBe('<b>x</b> $y$');
    expect(codes[0]?.querySelector('b, .katex, span')).toBeNull();
    expect(codes[1]?.textContent).toBe('plain');
  });

  test('inline and display math render with KaTeX', async () => {
    const body = await render({ front: 'Cost is $O(n \\log n)$ and \\(a_i\\).\n\n$$\\sum_{i=1}^n i = \\frac{n(n+1)}{2}$$\n\n\\[x^2\\]' });
    expect(body.querySelectorAll('.katex')).toHaveLength(4);
    expect(body.querySelectorAll('.katex-display')).toHaveLength(2);
    expect(body.querySelector('annotation')?.textContent).toBe('O(n \\log n)');
    // Markdown did not eat the underscores or backslashes inside TeX.
    expect(body.querySelectorAll('em')).toHaveLength(0);
    expect(body.textContent).not.toContain('$');
  });

  test('\\$ is a literal dollar; prices and code are not math', async () => {
    const body = await render({ front: 'It costs \\$5, or $5 and $10 later. `echo $HOME $x$`' });
    expect(body.querySelector('.katex')).toBeNull();
    expect(body.querySelector('p')?.textContent).toBe('It costs $5, or $5 and $10 later. echo $HOME $x$');
  });

  test('math inside a fenced block stays code', async () => {
    const body = await render({ front: '```python\nprice = "$x$"\n```\n\n$y$' });
    expect(body.querySelector('pre')?.textContent).toBe('price = "$x$"');
    expect(body.querySelectorAll('.katex')).toHaveLength(1);
  });

  test('invalid TeX shows its source in a <code>', async () => {
    const body = await render({ front: 'Bad: $\\frac{1$ end' });
    const code = body.querySelector('code.math-source');
    expect(code?.textContent).toBe('$\\frac{1$');
  });
});

describe('card kinds', () => {
  const rev = { kind: 'reversed' as const, front: 'dog', back: '*Hund*' };

  test('reversed ord 0 is the note as written', async () => {
    expect((await render(rev, 0, 'front')).textContent?.trim()).toBe('dog');
    expect((await render(rev, 0, 'back')).querySelector('hr + p em')?.textContent).toBe('Hund');
  });

  test('reversed ord 1 swaps the sides', async () => {
    const front = await render(rev, 1, 'front');
    expect(front.querySelector('em')?.textContent).toBe('Hund');
    expect(front.textContent).not.toContain('dog');
    const back = await render(rev, 1, 'back');
    expect(back.querySelector('.card-content > p:first-child em')?.textContent).toBe('Hund');
    expect(back.querySelector('hr + p')?.textContent).toBe('dog');
  });

  const typeIn = { kind: 'type-in' as const, front: 'Share within $1\\sigma$?', back: 'About **68%**.', answer: '68%' };

  test('type-in front shows only the question', async () => {
    const body = await render(typeIn, 0, 'front');
    expect(body.querySelector('.katex')).not.toBeNull();
    expect(body.querySelector('.typed-compare, hr')).toBeNull();
  });

  test('type-in back compares the typed answer, then shows the back', async () => {
    const right = await render(typeIn, 0, 'back', '  68% ');
    expect(right.querySelector('.typed-compare.typed-correct .typed-verdict')?.textContent).toBe('Correct');
    const order = Array.from(right.querySelector('.card-content')!.children).map((e) => e.className || e.tagName);
    expect(order).toEqual(['P', 'answer-rule', 'typed-compare typed-correct', 'P']);
    expect(right.querySelector('strong')?.textContent).toBe('68%');

    const wrong = await render(typeIn, 0, 'back', '69%');
    expect(wrong.querySelector('.typed-wrong .typed-verdict')?.textContent).toBe('Not quite');
    expect(wrong.querySelector('.typed-answer .typed-bad')?.textContent).toBe('9');
    expect(wrong.querySelector('.typed-expected .typed-missed')?.textContent).toBe('8');
  });

  test('typed text is escaped', async () => {
    const body = await render(typeIn, 0, 'back', '<img src=x onerror=alert(1)>');
    expect(body.querySelector('img')).toBeNull();
    expect(body.querySelector('.typed-answer')?.textContent).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('cloze', () => {
  const cloze = {
    kind: 'cloze' as const,
    front: 'Build-heap takes {{c1::$O(n)$}}; pop takes {{c2::$O(\\log n)$::in terms of n}}; peek is {{c1::`O(1)`}}.',
    back: 'Most nodes sit near the **bottom**.',
  };

  test('front of c1 hides both c1 deletions, shows c2 as text', async () => {
    const body = await render(cloze, 0, 'front');
    const hidden = body.querySelectorAll('span.cloze');
    expect(Array.from(hidden).map((s) => s.textContent)).toEqual(['[…]', '[…]']);
    // Screen readers hear "blank" before each hidden deletion; it takes no room on screen.
    expect(Array.from(hidden).map((s) => s.previousElementSibling?.matches('span.visually-hidden') && s.previousElementSibling.textContent)).toEqual(['blank ', 'blank ']);
    expect(body.querySelectorAll('.katex')).toHaveLength(1); // the c2 math, shown plainly
    expect(body.querySelector('.cloze-revealed, hr')).toBeNull();
  });

  test('front of c2 shows the hint', async () => {
    const body = await render(cloze, 1, 'front');
    expect(Array.from(body.querySelectorAll('span.cloze')).map((s) => s.textContent)).toEqual(['[in terms of n]']);
    expect(body.querySelector('code')?.textContent).toBe('O(1)');
  });

  test('back reveals the active deletion (math and code inside work), then the extra', async () => {
    const c1 = await render(cloze, 0, 'back');
    const revealed = c1.querySelectorAll('span.cloze.cloze-revealed');
    expect(revealed).toHaveLength(2);
    expect(revealed[0]!.querySelector('.katex annotation')?.textContent).toBe('O(n)');
    expect(revealed[1]!.querySelector('code')?.textContent).toBe('O(1)');
    expect(c1.querySelector('hr.answer-rule + p strong')?.textContent).toBe('bottom');

    const c2 = await render(cloze, 1, 'back');
    const r2 = c2.querySelectorAll('span.cloze-revealed');
    expect(r2).toHaveLength(1);
    expect(r2[0]!.querySelector('annotation')?.textContent).toBe('O(\\log n)');
  });

  test('back without extra has no rule', async () => {
    const body = await render({ kind: 'cloze', front: 'A {{c1::b}} c', back: '' }, 0, 'back');
    expect(body.querySelector('hr')).toBeNull();
    expect(body.querySelector('.cloze-revealed')?.textContent).toBe('b');
  });

  test('TeX with }} inside a deletion stays whole', async () => {
    const body = await render({ kind: 'cloze', front: 'Area {{c1::$\\frac{1}{x^{2}}$}} done' }, 0, 'back');
    expect(body.querySelector('.cloze-revealed annotation')?.textContent).toBe('\\frac{1}{x^{2}}');
    for (const k of Array.from(body.querySelectorAll('.katex'))) k.remove();
    expect(body.textContent?.trim()).toBe('Area  done');
  });

  test('math closed after a space, next to a deletion (as decks write it)', async () => {
    const n = { kind: 'cloze' as const, front: 'A common choice is $n = 3$, $w = $ {{c1::2}}.' };
    const body = await render(n, 0, 'front');
    expect(Array.from(body.querySelectorAll('annotation')).map((a) => a.textContent)).toEqual(['n = 3', 'w = ']);
    expect(body.querySelector('.cloze')?.textContent).toBe('[…]');
  });

  test('a hint cannot become a Markdown link', async () => {
    const body = await render({ kind: 'cloze', front: '{{c1::x::hint}}(javascript:alert(1))' }, 0, 'front');
    expect(body.querySelector('a')).toBeNull();
    expect(body.querySelector('.cloze')?.textContent).toBe('[hint]');
  });
});
