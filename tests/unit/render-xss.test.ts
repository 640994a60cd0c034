// @vitest-environment happy-dom
// @vitest-environment-options {"settings":{"handleDisabledFileLoadingAsSuccess":true}}
import { beforeAll, describe, expect, test } from 'vitest';
import type { Note } from '../../src/core/types';
import { renderSide } from '../../src/render';
import { installHappyDomFixes } from '../../src/render/testing/happy-dom';

// happy-dom needs two fixes before DOMPurify works as in a browser (see the module).
beforeAll(installHappyDomFixes);

const note = (p: Partial<Note>): Note => ({
  id: 'n1', deckId: 'd1', kind: 'basic', format: 'markdown', front: '', back: '', tags: [], topics: [], noteTypeId: 'pd-basic', fields: [], mtime: 0, usn: 0, ...p,
});
const media = (name: string) => (name === 'cat.png' ? 'blob:http://app/cat' : undefined);

const DANGEROUS_TAGS = 'script, iframe, frame, object, embed, applet, form, input, button, textarea, select, style, meta, base, link, template, noscript, audio, video, source';
const URL_ATTRS = ['href', 'src', 'action', 'formaction', 'xlink:href', 'background', 'poster', 'srcset', 'data', 'ping', 'srcdoc'];

/** Parses rendered HTML and fails on anything that could run script, load a page or restyle it. */
function assertSafe(html: string): HTMLElement {
  const body = new DOMParser().parseFromString(html, 'text/html').body;
  expect(body.querySelectorAll(DANGEROUS_TAGS), html).toHaveLength(0);
  // KaTeX draws some glyphs with inline SVG; card content itself may not bring any.
  for (const svg of Array.from(body.querySelectorAll('svg, math'))) expect(svg.closest('.katex'), html).not.toBeNull();
  for (const el of Array.from(body.querySelectorAll('*'))) {
    for (const attr of Array.from(el.attributes)) {
      expect(attr.name.toLowerCase().startsWith('on'), `${attr.name} on <${el.tagName}> in ${html}`).toBe(false);
      const squashed = attr.value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
      if (URL_ATTRS.includes(attr.name.toLowerCase()) || attr.name === 'style') {
        expect(squashed, `${attr.name} in ${html}`).not.toMatch(/javascript:|vbscript:|data:text|url\(|expression\(/);
      }
    }
  }
  for (const a of Array.from(body.querySelectorAll('a[href]'))) {
    expect(a.getAttribute('href'), html).toMatch(/^(https?|mailto):/i);
    expect(a.getAttribute('target')).toBe('_blank');
    expect(a.getAttribute('rel')).toBe('noopener noreferrer');
  }
  for (const img of Array.from(body.querySelectorAll('img'))) expect(img.getAttribute('src'), html).toMatch(/^(blob:|data:image\/)/);
  return body;
}

/** Payloads that mean the same thing as HTML in both formats (Markdown allows raw HTML). */
const HTML_PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<img src="cat.png" onload="alert(1)">',
  '<svg onload=alert(1)><circle r=1 /></svg>',
  '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="JaVaScRiPt:alert(1)">x</a>',
  '<a href="jav&#x09;ascript:alert(1)">x</a>',
  '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
  '<a href="&#x6A;avascript&colon;alert(1)">x</a>',
  '<a href=" \x01javascript:alert(1)">x</a>',
  '<a href="java\nscript:alert(1)">x</a>',
  '<a href="vbscript:msgbox(1)">x</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  '<a href="https://ok.example/" onclick="alert(1)">ok</a>',
  '<iframe src="https://evil.example/"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">',
  '<form action="https://evil.example/"><input name="q" autofocus onfocus="alert(1)"><button formaction="javascript:alert(1)">go</button></form>',
  '<style>body { display: none } </style>',
  '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
  '<base href="https://evil.example/">',
  '<link rel="stylesheet" href="https://evil.example/x.css">',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<div style="background-image: url(&quot;https://evil.example/t.gif&quot;)">x</div>',
  '<p style="color: red; behavior: url(x.htc); width: expression(alert(1))">x</p>',
  '<details open ontoggle="alert(1)"><summary>s</summary></details>',
  '<body onload="alert(1)">b</body>',
  '<video><source onerror="alert(1)"></video><audio src=x onerror=alert(1)></audio>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
  '<template><script>alert(1)</script></template>',
  '<div id="__proto__" name="location">clobber</div>',
];

const MARKDOWN_PAYLOADS = [
  '[x](javascript:alert(1))',
  '[x](JAVASCRIPT:alert(1))',
  '[x](  javascript:alert(1) )',
  '[x](java&#115;cript:alert(1))',
  '![x](javascript:alert(1))',
  '![x](data:text/html,<script>alert(1)</script>)',
  '<javascript:alert(1)>',
  '[x][r]\n\n[r]: javascript:alert(1)',
  '[x](https://ok.example "\\" onmouseover=\\"alert(1)")',
  '<div onclick="alert(1)">\n\n**md inside**\n\n</div>',
  '![$\\text{" onerror="alert(1)}$](cat.png)',
  '$\\href{javascript:alert(1)}{click}$',
  '$\\url{javascript:alert(1)}$',
  '$\\htmlData{onclick=alert(1)}{x}$ $\\htmlClass{x}{y}$ $\\htmlStyle{background:url(javascript:alert(1))}{z}$',
  '$\\includegraphics{https://evil.example/x.png}$',
  '$\\text{<img src=x onerror=alert(1)>}$',
  '$$\\def\\x{\\x\\x}\\x$$',
];

const ANKI_MATH_PAYLOADS = [
  '\\(\\href{javascript:alert(1)}{x}\\)',
  '\\[\\url{javascript:alert(1)}\\]',
  '[$]\\htmlData{onclick=alert(1)}{x}[/$]',
  '[latex]\\href{javascript:alert(1)}{x}[/latex]',
  '\\(&lt;img src=x onerror=alert(1)&gt;\\)',
  '<span title="\\(\\text{&quot;&gt;&lt;img src=x onerror=alert(1)&gt;}\\)">t</span>',
  '&#xE010;0&#xE011; &#xE000;x&#xE002;',
];

const CLOZE_PAYLOADS = [
  '{{c1::<img src=x onerror=alert(1)>::<svg onload=alert(1)>}}',
  '{{c1::x::hint}}(javascript:alert(1))',
  '{{c1::[x](javascript:alert(1))}} {{c2::$\\href{javascript:alert(1)}{y}$}}',
];

async function allSides(n: Partial<Note>, ords = [0]): Promise<string[]> {
  const out: string[] = [];
  for (const ord of ords) {
    for (const side of ['front', 'back'] as const) out.push(await renderSide({ note: note(n), ord, side, media, typed: '<img src=x onerror=alert(1)>' }));
  }
  return out;
}

describe('XSS payloads are neutralised', () => {
  test.each(HTML_PAYLOADS)('markdown note: %s', async (payload) => {
    for (const html of await allSides({ front: payload, back: payload })) assertSafe(html);
  });

  test.each(HTML_PAYLOADS)('html note: %s', async (payload) => {
    for (const html of await allSides({ format: 'html', front: payload, back: payload })) assertSafe(html);
    for (const html of await allSides({ format: 'html', sides: [{ front: payload, back: payload, typeAnswer: payload }] })) assertSafe(html);
  });

  test.each(MARKDOWN_PAYLOADS)('markdown syntax: %s', async (payload) => {
    for (const html of await allSides({ kind: 'reversed', front: payload, back: payload }, [0, 1])) assertSafe(html);
  });

  test.each(ANKI_MATH_PAYLOADS)('anki math: %s', async (payload) => {
    for (const html of await allSides({ format: 'html', front: payload, back: payload })) assertSafe(html);
  });

  test.each(CLOZE_PAYLOADS)('cloze: %s', async (payload) => {
    for (const format of ['markdown', 'html'] as const) {
      for (const html of await allSides({ kind: 'cloze', format, front: payload, back: payload }, [0, 1])) assertSafe(html);
    }
  });

  test('type-in answers and typed text are escaped', async () => {
    const n = { kind: 'type-in' as const, front: 'q', back: 'a', answer: '<script>alert(1)</script>' };
    const body = assertSafe(await renderSide({ note: note(n), ord: 0, side: 'back', typed: '"><svg onload=alert(1)>' }));
    expect(body.querySelector('.typed-expected')?.textContent).toBe('<script>alert(1)</script>');
  });
});

describe('what stays', () => {
  test('web and mail links stay, opening in a new tab without referrer', async () => {
    const body = assertSafe(
      await renderSide({ note: note({ front: '[site](https://example.com/a?b=1) <a href="mailto:x@example.com">mail</a> [rel](/local) <a href="#top">top</a>' }), ord: 0, side: 'front' }),
    );
    expect(Array.from(body.querySelectorAll('a[href]')).map((a) => a.getAttribute('href'))).toEqual(['https://example.com/a?b=1', 'mailto:x@example.com']);
    expect(body.querySelectorAll('a')).toHaveLength(4);
  });

  test('KaTeX \\href is shown as an unsupported command, not a link', async () => {
    const body = assertSafe(await renderSide({ note: note({ front: '$\\href{https://example.com}{x}$' }), ord: 0, side: 'front' }));
    expect(body.querySelector('a')).toBeNull();
    expect(body.querySelector('.katex')?.textContent).toContain('\\href');
  });

  test('ids are prefixed so content cannot clobber globals', async () => {
    const body = assertSafe(await renderSide({ note: note({ format: 'html', front: '<div id="config">x</div>' }), ord: 0, side: 'front' }));
    expect(body.querySelector('div.card-content > div')?.id).toBe('user-content-config');
  });
});
