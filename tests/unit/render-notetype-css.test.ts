import { describe, expect, it } from 'vitest';
import { scopeClassFor, scopeNoteTypeCss } from '../../src/render/notetype-css';

const S = 'nt-test';
const scope = (css: string) => scopeNoteTypeCss(css, S);
/** The rules of the output, one per line, without the root containment rule. */
const rules = (css: string) =>
  scope(css)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith(`.${S} { position: relative; contain: paint; }`));

describe('scopeNoteTypeCss: selectors', () => {
  it('maps .card, body, html and :root to the card root and prefixes every other selector', () => {
    const out = rules('.card { font-size: 20px; } body { margin: 0 } html, :root { line-height: 1.4 } h1 { font-size: 2em } .a > .b, ul li { color: teal }');
    expect(out).toContain(`.${S} { font-size: 20px; }`);
    expect(out).toContain(`.${S} { margin: 0; }`);
    expect(out).toContain(`:where(.${S}), :where(.${S}) { line-height: 1.4; }`);
    expect(out).toContain(`.${S} h1 { font-size: 2em; }`);
    expect(out).toContain(`.${S} .a > .b, .${S} ul li { color: teal; }`);
  });

  it('lets .card win over html whatever the order, as in Anki', () => {
    const css = scope('.card { background-color: red } html { background-color: yellow }');
    expect(css).toContain(`:root[data-theme="light"] .${S} { background-color: red; }`);
    expect(css).toContain(`:root[data-theme="light"] :where(.${S}) { background-color: yellow; }`);
  });

  it('keeps a descendant of the root scoped and drops siblings of the root', () => {
    const out = rules('.card .front { color: red } .card > p { margin: 0 } .card ~ button { display: none } .card + * { color: red } body.mobile .x { color: blue }');
    expect(out).toContain(`.${S} .front { color: red; }`);
    expect(out).toContain(`.${S} > p { margin: 0; }`);
    expect(out).toContain(`.${S}.mobile .x { color: blue; }`);
    expect(out.join('\n')).not.toMatch(/button|\+ \*/);
  });

  it('does not take a class that merely starts with "card" or "body" for the root', () => {
    const out = rules('.cardboard { color: red } .body-text { color: blue } div.card-x { color: green }');
    expect(out).toContain(`.${S} .cardboard { color: red; }`);
    expect(out).toContain(`.${S} .body-text { color: blue; }`);
    expect(out).toContain(`.${S} div.card-x { color: green; }`);
  });

  it('follows the sanitizer id prefix, outside attribute selectors', () => {
    const out = rules('#front { color: red } .card #answer.big { color: blue } a[href="#top"] { color: green }');
    expect(out).toContain(`.${S} #user-content-front { color: red; }`);
    expect(out).toContain(`.${S} #user-content-answer.big { color: blue; }`);
    expect(out).toContain(`.${S} a[href="#top"] { color: green; }`);
  });

  it('applies night-mode rules only in the dark theme and root colours only in the light one', () => {
    const css = scope('.card { color: black; background-color: white; font-family: arial } .nightMode .x, .card.night_mode { color: #eee }');
    expect(css).toContain(`.${S} { font-family: arial; }`);
    expect(css).toContain(`:root[data-theme="light"] .${S} { color: black; background-color: white; }`);
    expect(css).toMatch(/@media \(prefers-color-scheme: light\) \{\n:root:not\(\[data-theme="dark"\]\) \.nt-test \{ color: black; background-color: white; \}/);
    expect(css).toContain(`:root[data-theme="dark"] .${S} .x, :root[data-theme="dark"] .${S} { color: #eee; }`);
    // Never unconditionally (light colours on a dark card, or night colours by day).
    expect(css).not.toMatch(/^\.nt-test \{[^}]*color/m);
    expect(css).not.toMatch(/^\.nt-test \.x/m);
  });
});

describe('scopeNoteTypeCss: what must not pass', () => {
  it('drops url(), @import, @font-face, position: fixed and escapes', () => {
    const css = scope(
      '@import url(https://evil.example/x.css); @font-face { font-family: X; src: url(https://evil.example/f.woff) } ' +
        '.a { background: url(https://evil.example/p.png); color: red } .b { background-image: image-set("x.png" 1x) } ' +
        '.c { position: fixed; top: 0; } .d { position: absolute } .e { content: "\\75 rl(x)" } .f { behavior: url(x.htc) }',
    );
    expect(css).not.toMatch(/url|evil|@import|@font-face|image-set|fixed|behavior|\\/i);
    expect(css).toContain(`.${S} .a { color: red; }`);
    expect(css).toContain(`.${S} .c { top: 0; }`);
    expect(css).toContain(`.${S} .d { position: absolute; }`);
  });

  it('cannot break out of a rule with braces in strings, comments or stray closers', () => {
    const css = scope('.a::before { content: "}" } } body { color: red } /* } .x { */ .y { margin: 1px }');
    // Every selector in the output is scoped.
    for (const line of css.split('\n').filter((l) => l.includes('{') && !l.startsWith('@')))
      expect(line).toMatch(/^(?:\.nt-test|:root)/);
    expect(css).toContain(`.${S} .y { margin: 1px; }`);
    expect(css).not.toContain('.x');
  });

  it('scopes inside @media and @supports, and drops @keyframes and @page', () => {
    const css = scope('@media (max-width: 600px) { .card { font-size: 16px } img { width: 100% } } @supports (display: grid) { .g { display: grid } } @keyframes k { from { opacity: 0 } } @page { margin: 0 }');
    expect(css).toContain(`@media (max-width: 600px) {\n.${S} { font-size: 16px; }\n.${S} img { width: 100%; }\n}`);
    expect(css).toContain(`@supports (display: grid) {\n.${S} .g { display: grid; }\n}`);
    expect(css).not.toMatch(/keyframes|@page|opacity/);
  });

  it('contains the card root, and is empty for empty CSS', () => {
    expect(scope('.card { color: red }')).toMatch(/^\.nt-test \{ position: relative; contain: paint; \}/);
    expect(scope('')).toBe('');
    expect(scope('/* only a comment */')).toBe('');
  });

  it('derives one scope class per distinct CSS text', () => {
    expect(scopeClassFor('.card{}')).toMatch(/^nt-[0-9a-f]{12}$/);
    expect(scopeClassFor('.card{}')).toBe(scopeClassFor('.card{}'));
    expect(scopeClassFor('.card{}')).not.toBe(scopeClassFor('.card{color:red}'));
  });
});
