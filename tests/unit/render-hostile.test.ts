// @vitest-environment happy-dom
// @vitest-environment-options {"settings":{"handleDisabledFileLoadingAsSuccess":true}}
/**
 * A hostile deck author against the parts of rendering that imported Anki decks reach: a note
 * type's CSS (scoped to the card), Image Occlusion shape data (turned into our own HTML),
 * `[sound:…]` tags (our own buttons) and `<font color>`/`bgcolor` (inline style), and the CSS
 * the card is shown with. Nothing may run script, load a remote resource or reach the app
 * outside the card.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Note } from '../../src/core/types';
import { renderSide } from '../../src/render';
import { scopeNoteTypeCss } from '../../src/render/notetype-css';
import { occlusionOverlay, parseOcclusions } from '../../src/render/occlusion';
import { installHappyDomFixes } from '../../src/render/testing/happy-dom';

beforeAll(installHappyDomFixes);

const S = 'nt-test';
const scope = (css: string) => scopeNoteTypeCss(css, S);
const note = (p: Partial<Note>): Note => ({
  id: 'n1', deckId: 'd1', kind: 'basic', format: 'html', front: '', back: '', tags: [], topics: [], noteTypeId: 'x', fields: [], mtime: 0, usn: 0, ...p,
});
const media = (name: string) => (name === 'cat.png' ? 'blob:http://app/cat' : name === 'a.mp3' ? 'blob:http://app/a' : undefined);
const dom = (html: string): HTMLElement => new DOMParser().parseFromString(html, 'text/html').body;
const front = async (html: string) => dom(await renderSide({ note: note({ front: html }), ord: 0, side: 'front', media }));

/** Brackets close in order, outside strings (what a browser needs to see the rule we meant). */
function balanced(text: string): boolean {
  const open: string[] = [];
  for (const c of text.replace(/"[^"\n]*"|'[^'\n]*'/g, '""')) {
    if (c === '(' || c === '[' || c === '{') open.push(c === '(' ? ')' : c === '[' ? ']' : '}');
    else if ((c === ')' || c === ']' || c === '}') && open.pop() !== c) return false;
  }
  return open.length === 0;
}

describe('note-type CSS: nothing loads, nothing escapes', () => {
  it('drops src(), the string form of url()', () => {
    const css = scope('.x { background-image: src("https://evil.example/p.png") } .y { content: src(\'https://evil.example/q.png\') } .z { color: red }');
    expect(css).not.toMatch(/evil|src\(/);
    expect(css).toContain(`.${S} .z { color: red; }`);
  });

  it('keeps position only as static, relative or absolute (fixed cannot hide in var() or inherit)', () => {
    const css = scope(
      '.card { --p: fixed } .a { position: var(--p) } .b { position: inherit } .c { position: -webkit-sticky } .d { position: fixed !important } ' +
        '.e { position: FIXED } .f { position: absolute !important } .g { position: relative }',
    );
    expect(css).not.toMatch(/position: (?!relative;|absolute)/);
    expect(css).toContain(`.${S} .f { position: absolute !important; }`);
    expect(css).toContain(`.${S} .g { position: relative; }`);
  });

  it('drops selectors and at-rule preludes with unbalanced brackets (they would swallow the rules after them)', () => {
    // Unbalanced, `.card:is(` would make Chromium read everything up to the `)` in the last rule as
    // one selector: `.root:is(…) ~ *`, a sibling of the card.
    const css = scope('.card:is( { z-index: 1 } .card, .card, .card { z-index: 1 } .card .z) ~ * { display: none } @media (min-width: 1px { .y { color: red } } .w[x { color: red }');
    expect(balanced(css)).toBe(true);
    expect(css).not.toMatch(/:is\(|\.z\)|@media|\[x/);
    expect(css).toContain(`.${S}, .${S}, .${S} { z-index: 1; }`);
  });

  it('keeps the scope on every selector whatever the pseudo-classes, combinators and at-rules', () => {
    const css = scope(
      ':is(html) .x, :where(body) button, :has(.a), :not(.b), * , ::backdrop { color: red } .card ~ button, :root + *, html ~ x, .card:has(+ *) ~ y { color: red } ' +
        '@media screen { body ~ * { color: red } } @supports (display: grid) { :is(body) * { color: red } } @layer l { .x { color: red } } ' +
        '@container (min-width: 1px) { .x { color: red } } @scope (html) { * { color: red } } @document url-prefix() { * { color: red } } ' +
        '@page { margin: 0 } .x { & ~ button { display: none } } @\\69mport "https://evil.example/x.css"; @property --x { syntax: "<color>"; inherits: false; initial-value: red } ' +
        '@namespace svg url(http://www.w3.org/2000/svg); .c::after { content: url(https://evil.example/c.png) } .d { cursor: url(https://evil.example/d.cur), auto } ' +
        '.e { mask: url(#m); filter: url(#f); background: -webkit-image-set("https://evil.example/e.png" 1x) } .f { background: \\75rl(https://evil.example/f.png) } ' +
        '.g { position: fix\\65d } .h { content: "}" } } } :root ~ * { color: red } /* } .i { */ .j { color: blue }',
    );
    expect(css).not.toMatch(/evil|url|image-set|@import|@property|@namespace|@page|@scope|@document|fixed|\\|&/i);
    expect(balanced(css)).toBe(true);
    for (const line of css.split('\n').filter((l) => l.includes('{') && !l.startsWith('@'))) {
      // Every selector of every rule starts at the card root (or the theme switch above it) …
      for (const sel of line.slice(0, line.indexOf('{')).split(/,(?![^(]*\))/)) expect(sel.trim(), line).toMatch(/^(?:\.nt-test|:where\(\.nt-test\)|:root(?:\[data-theme="(?:light|dark)"\]|:not\(\[data-theme="(?:light|dark)"\]\)) (?:\.nt-test|:where\(\.nt-test\)))/);
      // … and never reaches a sibling of the root.
      expect(line, line).not.toMatch(/^[^{]*(?:\.nt-test|:where\(\.nt-test\))(?:[^ ,{]*) [~+]/);
    }
  });
});

describe('the element a card is shown in contains it', () => {
  const cardCss = readFileSync('src/render/card.css', 'utf8');

  it('contains everything the card paints, out of reach of the note type and of card HTML', () => {
    // The note type can undo the root's own containment (same specificity, later sheet) and move,
    // transform or shadow the root over the app; card HTML can carry app classes (`toast`,
    // `answer-bar`: position: fixed) and ids (`user-content-io-overlay`: absolute, 100% wide).
    expect(scope('.card { contain: none; position: static; box-shadow: 0 0 0 100vmax red; transform: scale(20) }')).toContain(`.${S} { contain: none; position: static;`);
    const rule = /(?:^|\n)\.card-view \{([^}]*)\}/.exec(cardCss)?.[1] ?? '';
    expect(rule).toMatch(/contain: paint;/);
    expect(rule).toMatch(/position: relative;/);
  });

  it('styles the Image Occlusion Enhanced overlay only inside its wrapper', async () => {
    expect(cardCss).not.toMatch(/\.card-content #user-content-io-overlay \{/);
    const body = await front('<div id="io-overlay">Session expired — sign in again</div><div id="user-content-io-overlay">x</div>');
    // An id from card text can still take the name; the rule no longer applies outside the wrapper.
    expect(body.querySelectorAll('#user-content-io-overlay')).toHaveLength(2);
  });
});

describe('Image Occlusion shape fields', () => {
  const overlay = (field: string, side: 'front' | 'back' = 'front') =>
    dom(occlusionOverlay({ shapes: parseOcclusions(field), num: 1, side, src: 'blob:http://app/cat', alt: '"><img src=x onerror=alert(1)>', name: 'cat.png', size: { width: 100, height: 50 } }));

  it('clips masks to the image, however large or far off the numbers', () => {
    const body = overlay('{{c1::image-occlusion:rect:left=-1e9:top=-1e9:width=1e12:height=1e12}}{{c1::image-occlusion:ellipse:left=1e300:top=Infinity:rx=-5:ry=NaN}}');
    const wrap = body.querySelector<HTMLElement>('.io-wrap')!;
    expect(wrap.getAttribute('style')).toMatch(/overflow:hidden/);
    expect(body.querySelectorAll('.io-mask')).toHaveLength(2);
    for (const m of Array.from(body.querySelectorAll('.io-mask'))) expect(m.getAttribute('style')).not.toMatch(/NaN|Infinity|url|["<>]/);
  });

  it('takes only numbers and hex colours from the field; labels are text', () => {
    const body = overlay(
      '{{c1::image-occlusion:rect:left=.1";background:url(https\\://evil.example/x):top=.1:width=.2:height=.2:fill=red;position:fixed}}' +
        '{{c1::image-occlusion:polygon:points=0,0 1,0 1,1);background\\:url(https\\://evil.example/y) 0,1}}' +
        '{{c0::image-occlusion:text:left=.5:top=.5:text=</span><img src=x onerror=alert(1)><b style="position\\:fixed">}}',
      'back',
    );
    expect(body.querySelectorAll('img')).toHaveLength(1);
    expect(body.querySelector('img')!.getAttribute('alt')).toBe('"><img src=x onerror=alert(1)>');
    expect(body.querySelector('b')).toBeNull();
    expect(body.querySelector('[data-io="label"]')!.textContent).toBe('</span><img src=x onerror=alert(1)><b style="position:fixed">');
    for (const el of Array.from(body.querySelectorAll('[style]'))) expect(el.getAttribute('style')).not.toMatch(/evil|url|fixed|red/);
    const poly = body.querySelector<HTMLElement>('.io-mask[style*="clip-path"]');
    expect(poly?.getAttribute('style')).toMatch(/clip-path:polygon\(0% 0%,100% 0%,0% 100%\)/);
  });
});

describe('sounds, colours and forged markers in card text', () => {
  afterEach(() => {
    delete (HTMLFormElement.prototype as unknown as Record<string, unknown>).getAttribute;
  });

  it('a form whose controls shadow its methods does not break the card', async () => {
    // In Chromium `<form><input name="getAttribute">` makes form.getAttribute the input, and calling
    // it throws. happy-dom has no such named properties: the shadowing is simulated for the
    // attributes the colour hook reads (happy-dom itself reads others while detaching the form).
    const own = Element.prototype.getAttribute;
    Object.defineProperty(HTMLFormElement.prototype, 'getAttribute', {
      configurable: true,
      value(this: Element, name: string) {
        if (name === 'color' || name === 'bgcolor') throw new TypeError('form.getAttribute is not a function');
        return own.call(this, name);
      },
    });
    const body = await front('<form><input name="getAttribute"><font color="red">kept</font></form>');
    expect(body.querySelector('form, input')).toBeNull();
    expect(body.textContent).toContain('kept');
  });

  it('<font color> and bgcolor become one filtered colour, or nothing', async () => {
    const body = await front(
      '<font color="red;position:fixed">a</font><font color=expression(alert(1))>b</font><table><tr><td bgcolor="url(https://evil.example/x)">c</td></tr></table>' +
        '<font color="rgb(0 0 0) url(https://evil.example/y)">d</font><font color="red !important" style="position: fixed">e</font><font color="00ff00">f</font>',
    );
    const styles = Array.from(body.querySelectorAll('[style]')).map((e) => e.getAttribute('style'));
    expect(styles).toEqual(['color: red', 'color: #00ff00']);
  });

  it('[sound:] names are only ever text, and card text cannot make a play button', async () => {
    const body = await front(
      '[sound:a"><img src=x onerror=alert(1)>.mp3] [sound:</button><img src=x>] [sound:javascript:alert(1)] ' +
        '<span class="sound-play" data-sound-src="blob:http://app/a">fake</span> <button class="sound-play" data-sound-src="blob:http://app/a">fake</button>',
    );
    expect(body.querySelector('img')).toBeNull();
    const buttons = Array.from(body.querySelectorAll('button'));
    expect(buttons.map((b) => [b.className, b.hasAttribute('data-sound-src')])).toEqual([
      ['sound-play sound-missing', false],
      ['sound-play sound-missing', false],
      ['sound-play sound-missing', false],
    ]);
    expect(buttons[0]!.textContent).toBe('Audio missing: a"><img src=x onerror=alert(1)>.mp3');
    expect(body.querySelector('span.sound-play')!.hasAttribute('data-sound-src')).toBe(false);
  });

  it('forged placeholders (entities for the private-use markers) add nothing of their own', async () => {
    const body = await front('&#xE012;0&#xE013; &#xE012;7&#xE013; <span title="&#xE012;0&#xE013;">t</span> &#xE000;x&#xE002; [sound:a.mp3]');
    // Placeholder 0 is the card's own sound: a copy of it at most; 7 does not exist.
    const src = Array.from(body.querySelectorAll('button')).map((b) => b.getAttribute('data-sound-src'));
    expect(src.every((s) => s === 'blob:http://app/a')).toBe(true);
    expect(body.querySelector('span[title]')!.getAttribute('title')).toBe('[sound:a.mp3]');
    expect(body.querySelector('.cloze')).toBeNull();
    expect(body.textContent).not.toMatch(/[\uE000-\uE01F]/);
  });
});
