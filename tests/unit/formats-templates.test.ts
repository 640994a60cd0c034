import { describe, expect, it } from 'vitest';
import { latexImageName, rewriteLatex } from '../../src/formats/apkg/latex';
import { clozeFieldNames, fieldsReferenced, isScriptDriven, renderTemplate, trimBreaks } from '../../src/formats/apkg/templates';
import { deriveNote, noteTypeIsScriptDriven } from '../../src/formats/notetypes/derive';
import type { NoteType } from '../../src/core/types';
import { countScriptCandidates, decodeEntities, htmlToText, isBlankHtml, localMediaRefs } from '../../src/formats/shared/html';
import { mimeFor } from '../../src/formats/shared/mime';
import { sha1Hex } from '../../src/formats/shared/sha1';
import { deckIdForName, noteIdForGuid, normalizeDeckName } from '../../src/formats/shared/ids';

const ctx = (fields: Record<string, string>, extra: Partial<Parameters<typeof renderTemplate>[1]> = {}) => ({
  fields: new Map(Object.entries(fields)),
  tags: ['t1', 'geo::eu'],
  notetype: 'My type',
  deck: 'Lang::French',
  card: 'Card 1',
  ...extra,
});

describe('renderTemplate', () => {
  it('should insert fields as stored HTML, and FrontSide on the back', () => {
    const front = renderTemplate('<div>{{Front}}</div>', ctx({ Front: 'A &amp; <b>B</b>' }));
    expect(front.html).toBe('<div>A &amp; <b>B</b></div>');
    const back = renderTemplate('{{FrontSide}}<hr id=answer>{{Back}}', ctx({ Back: 'x' }, { frontSide: front.html }));
    expect(back.html).toBe('<div>A &amp; <b>B</b></div><hr id=answer>x');
  });

  it('should show sections for filled fields and inverted sections for empty ones', () => {
    const t = '{{#Extra}}[{{Extra}}]{{/Extra}}{{^Extra}}none{{/Extra}}';
    expect(renderTemplate(t, ctx({ Extra: 'yes' })).html).toBe('[yes]');
    expect(renderTemplate(t, ctx({ Extra: ' <br> &nbsp;' })).html).toBe('none');
  });

  it('should apply text, hint, type, tts and furigana filters', () => {
    expect(renderTemplate('{{text:F}}', ctx({ F: '<i>1 &lt; 2</i>' })).html).toBe('1 &lt; 2');
    expect(renderTemplate('{{hint:F}}', ctx({ F: '<i>h</i>' })).html).toBe('<details class="anki-hint"><summary>F</summary><i>h</i></details>');
    expect(renderTemplate('{{hint:F}}', ctx({ F: ' <br>' })).html).toBe('');
    const typed = renderTemplate('Q {{type:Back}}', ctx({ Back: '<b>Paris</b>&nbsp;' }));
    expect(typed).toMatchObject({ html: 'Q', typeAnswer: 'Paris' });
    expect(renderTemplate('{{tts en_US:F}}x', ctx({ F: 'hello' })).html).toBe('x');
    // No <rb>: the sanitizer does not keep it, and <ruby>base<rt>reading</rt></ruby> is enough.
    expect(renderTemplate('{{furigana:F}}', ctx({ F: '日本[にほん]' })).html).toBe('<ruby>日本<rt>にほん</rt></ruby>');
    expect(renderTemplate('{{kanji:F}}', ctx({ F: '日本[にほん]語[ご]' })).html).toBe('日本語');
    expect(renderTemplate('{{kana:F}}', ctx({ F: '日本[にほん]' })).html).toBe('にほん');
  });

  it('should fill the special fields and report unknown ones', () => {
    expect(renderTemplate('{{Tags}}|{{Type}}|{{Deck}}|{{Subdeck}}|{{Card}}', ctx({})).html).toBe('t1 geo::eu|My type|Lang::French|French|Card 1');
    const unknown = renderTemplate('{{Nope}}{{front}}', ctx({ Front: 'case-insensitive' }));
    expect(unknown).toMatchObject({ html: 'case-insensitive', unknownFields: ['Nope'] });
  });

  it('should find cloze fields and blank them for the extra', () => {
    expect(clozeFieldNames('{{cloze:Text}}{{#Extra}}{{Extra}}{{/Extra}}{{cloze:Other}}')).toEqual(['Text', 'Other']);
    const back = renderTemplate('{{cloze:Text}}<br>\n{{Extra}}', ctx({ Text: '{{c1::x}}', Extra: 'More' }, { blankCloze: true, frontSide: '' }));
    expect(trimBreaks(back.html)).toBe('More');
  });

  it('should survive unbalanced and empty tags', () => {
    expect(renderTemplate('a {{/X}} b {{#Y}} c {{}} {{', ctx({ Y: '1' })).html).toBe('a  b  c  {{');
  });
});

describe('Anki LaTeX', () => {
  it('should name images by the SHA-1 of the LaTeX as Anki does', () => {
    expect(sha1Hex('abc')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(latexImageName('$x<br>y$', false)).toBe(`latex-${sha1Hex('$x\ny$')}.png`);
    expect(latexImageName('a &amp; b', true)).toBe(`latex-${sha1Hex('a & b')}.svg`);
  });

  it('should point at present images and fall back to MathJax delimiters', () => {
    const present = latexImageName('\\begin{displaymath}x\\end{displaymath}', false);
    expect(rewriteLatex('[$$]x[/$$] and [$]y[/$] and [latex]z[/latex]', false, (n) => n === present)).toBe(`<img class="latex" src="${present}"> and \\(y\\) and [latex]z[/latex]`);
  });
});

describe('HTML helpers', () => {
  it('should decode entities exactly once', () => {
    expect(decodeEntities('&amp;lt; &lt;b&gt; &#x27; &#8211; &unknown;')).toBe("&lt; <b> ' \u2013 &unknown;");
    expect(htmlToText('<p>a<br>b</p><script>x()</script><style>p{}</style>&nbsp;c')).toBe('a\nb\nc');
  });

  it('should count what the sanitizer will strip', () => {
    expect(countScriptCandidates('<script>a</script><img src=x onerror="b" onload=c><a href="javascript:d">e</a> onclick= text')).toBe(4);
    expect(countScriptCandidates('<b>plain</b> on=1')).toBe(0);
  });

  it('should list local media references only', () => {
    expect(localMediaRefs('<img src="a.png"><img class=x src=\'b c.jpg\'><img src=d.gif><img src="https://x/y.png"><img src="data:image/png;base64,xx">[sound:e.mp3]<img src="f&amp;g.png">')).toEqual(['a.png', 'b c.jpg', 'd.gif', 'f&g.png', 'e.mp3']);
    expect(isBlankHtml('<div></div><br/>&nbsp; ')).toBe(true);
  });

  it('should tell media types from bytes, then extensions', () => {
    expect(mimeFor('x.bin', new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(mimeFor('x.svg', new TextEncoder().encode('<?xml version="1.0"?><svg/>'))).toBe('image/svg+xml');
    expect(mimeFor('song.mp3', new Uint8Array([1, 2]))).toBe('audio/mpeg');
    expect(mimeFor('noext', new Uint8Array([1, 2]))).toBe('application/octet-stream');
  });
});

describe('ids', () => {
  it('should be stable, id-safe and case-insensitive for decks', () => {
    expect(deckIdForName('Lang :: French')).toBe(deckIdForName('lang::french'));
    expect(normalizeDeckName(' A ::  :: B  ')).toBe('A::B');
    expect(noteIdForGuid('abc-123')).toBe('anki-abc-123');
    expect(noteIdForGuid('Ab/c')).toMatch(/^anki-h[0-9a-f]{16}$/);
    expect(noteIdForGuid('Ab/c')).not.toBe(noteIdForGuid('ab/c'));
  });
});

const anki = (p: Partial<NoteType> & Pick<NoteType, 'fields' | 'templates'>): NoteType => ({
  id: 'anki-nt-1', name: 'T', kind: 'basic', format: 'html', css: '', builtin: false, mtime: 0, usn: 0, ...p,
});

describe('filters that need a script in Anki', () => {
  it('should ask to type the cloze deletion for {{type:cloze:Text}}', () => {
    const r = renderTemplate('{{cloze:Text}}\n{{type:cloze:Text}}', ctx({ Text: '{{c1::Paris}}' }, { blankCloze: true }));
    expect(r.typeCloze).toBe(true);
    expect(r.typeAnswer).toBeUndefined();
    expect(r.html).toBe('');
    const nt = anki({ kind: 'cloze', fields: ['Text', 'Extra'], templates: [{ name: 'Cloze', qfmt: '{{cloze:Text}}{{type:cloze:Text}}', afmt: '{{cloze:Text}}<br>{{type:cloze:Text}}{{Extra}}' }] });
    const d = deriveNote({ fields: ['{{c1::Paris}} and {{c2::Rome}}', 'x'], tags: [] }, nt);
    expect(d).toMatchObject({ kind: 'cloze', front: '{{c1::Paris}} and {{c2::Rome}}', answer: '' });
    const plain = deriveNote({ fields: ['{{c1::Paris}}', ''], tags: [] }, anki({ kind: 'cloze', fields: ['Text', 'Extra'], templates: [{ name: 'Cloze', qfmt: '{{cloze:Text}}', afmt: '{{cloze:Text}}' }] }));
    expect(plain.answer).toBeUndefined();
  });

  it('should drop TTS and cloze-only output', () => {
    expect(renderTemplate('A[anki:tts lang=en_US]read me[/anki:tts]B{{tts en_US voices=x:F}}{{cloze-only:F}}', ctx({ F: 'hello' })).html).toBe('AB');
  });
});

const MC_FRONT = `<div class="question">{{Question}}</div>
<div class="hidden" id="Q_solutions">{{Answers}}</div>
<div style="display: none">{{Q_1}}</div><div style="display:none">{{Q_2}}</div>
<table id="qtable"></table>
<script>var q = document.getElementById('Q_solutions'); /* builds the table from {{Q_1}} … */</script>`;
const MC_BACK = `{{FrontSide}}<hr id=answer><div>{{Sources}}</div><script>/* marks {{Answers}} */</script>`;

describe('script-driven note types', () => {
  it('should detect fields that only a script or a hidden element shows', () => {
    expect(isScriptDriven([{ qfmt: MC_FRONT, afmt: MC_BACK }])).toBe(true);
    // A script that only decorates: every field is visible.
    expect(isScriptDriven([{ qfmt: '{{Front}}<script>document.body.classList.add("x")</script>', afmt: '{{FrontSide}}<hr>{{Back}}' }])).toBe(false);
    // Hidden fields without any script: a plain template.
    expect(isScriptDriven([{ qfmt: '<div style="display:none">{{Secret}}</div>{{Front}}', afmt: '{{Back}}' }])).toBe(false);
    // Nested hidden elements are removed whole, and what follows them stays visible.
    expect(isScriptDriven([{ qfmt: '<div hidden><div>{{A}}</div></div>{{B}}<script></script>', afmt: '{{A}}' }])).toBe(false);
    expect(fieldsReferenced('{{#A}}{{B}}{{/A}}{{FrontSide}}{{hint:C}}{{Tags}}')).toEqual(['A', 'B', 'C']);
  });

  it('should show a script-driven note as labelled fields, without the answer key on the front', () => {
    const nt = anki({ fields: ['Question', 'Q_1', 'Q_2', 'Answers', 'Sources'], templates: [{ name: 'MC', qfmt: MC_FRONT, afmt: MC_BACK }] });
    expect(noteTypeIsScriptDriven(nt)).toBe(true);
    const d = deriveNote({ fields: ['Capital of <b>France</b>?', 'Paris', 'Rome', '1 0', ''], tags: [] }, nt);
    const side = d.sides![0]!;
    expect(side.front).toBe(
      '<div class="anki-field"><div class="anki-field-name">Question</div><div class="anki-field-value">Capital of <b>France</b>?</div></div>' +
        '<div class="anki-field"><div class="anki-field-name">Q_1</div><div class="anki-field-value">Paris</div></div>' +
        '<div class="anki-field"><div class="anki-field-name">Q_2</div><div class="anki-field-value">Rome</div></div>',
    );
    expect(side.back).toContain('<div class="anki-field-name">Answers</div><div class="anki-field-value">1 0</div>');
    // Empty fields are left out; no template residue or script text.
    expect(side.back).not.toMatch(/Sources|\{\{|script/);
  });
});

describe('Image Occlusion notes (Anki 23.10+)', () => {
  const IO_Q = '{{#Header}}<div>{{Header}}</div>{{/Header}}\n<div style="display: none">{{cloze:Occlusion}}</div>\n<div id="err"></div>\n<div id="image-occlusion-container">\n    {{Image}}\n    <canvas id="image-occlusion-canvas"></canvas>\n</div>\n<script>\ntry { anki.imageOcclusion.setup(); } catch (exc) {}\n</script>\n';
  const IO_A = `${IO_Q}\n<div><button id="toggle">Toggle Masks</button></div>\n{{#Back Extra}}<div>{{Back Extra}}</div>{{/Back Extra}}\n`;
  const io = anki({ kind: 'cloze', name: 'Image Occlusion', fields: ['Occlusion', 'Image', 'Header', 'Back Extra', 'Comments'], templates: [{ name: 'Image Occlusion', qfmt: IO_Q, afmt: IO_A }] });

  it('should keep the shapes as cloze text and the template layout as one side pair', () => {
    const occl = '{{c1::image-occlusion:rect:left=.1:top=.2:width=.3:height=.1:oi=1}}<br>{{c2::image-occlusion:ellipse:left=.5:top=.5:rx=.1:ry=.05:oi=1}}';
    const d = deriveNote({ fields: [occl, '<img src="heart.png">', 'The heart', 'Four chambers', ''], tags: [] }, io);
    expect(d.kind).toBe('cloze');
    expect(d.front).toBe(occl);
    expect(d.sides).toHaveLength(1);
    expect(d.sides![0]!.front).toContain('<div id="image-occlusion-container">');
    expect(d.sides![0]!.front).toContain('<img src="heart.png">');
    expect(d.sides![0]!.front).toContain('The heart');
    expect(d.sides![0]!.front).not.toContain('image-occlusion:rect');
    expect(d.sides![0]!.front).not.toContain('Four chambers');
    expect(d.sides![0]!.back).toContain('Four chambers');
    // Not mistaken for a script-driven type (its script draws masks we draw ourselves).
    expect(noteTypeIsScriptDriven(io)).toBe(false);
  });
});

describe('an Anki package with Image Occlusion, styled and script-driven note types', () => {
  it('should import IO as cloze cards, keep note-type CSS and warn about the script-driven type', async () => {
    const { loadSqlJsNode } = await import('../../src/formats/apkg/sql-node');
    const { readApkg } = await import('../../src/formats/apkg/read');
    const { buildLatestApkg, buildLegacyApkg } = await import('../fixtures/anki-packages');
    const { renderPackageContent, HOSTILE_CSS } = await import('../fixtures/anki-render');
    const sql = await loadSqlJsNode();
    for (const build of [buildLatestApkg, buildLegacyApkg]) {
      const plan = await readApkg(build(sql, renderPackageContent()), 'render.apkg', { sql });
      const io = plan.notes.find((n) => n.guid === 'io-note')!;
      expect(io.kind).toBe('cloze');
      expect(io.sides).toHaveLength(1);
      expect(plan.cards.filter((c) => c.noteId === io.id).map((c) => c.ord).sort()).toEqual([0, 1, 2]);
      expect(plan.noteTypes!.find((t) => t.name === 'Styled')!.css).toBe(HOSTILE_CSS);
      const mc = plan.notes.find((n) => n.guid === 'mc-note')!;
      expect(mc.sides![0]!.front).toContain('<div class="anki-field-name">Q_2</div><div class="anki-field-value">7</div>');
      expect(plan.warnings).toContain('The note type "Multiple Choice" relies on scripts, which never run here; 1 card will show its fields as text.');
      // Neither kind of Image Occlusion is taken for a script-driven type.
      expect(plan.warnings.join('\n')).not.toMatch(/Image Occlusion.*relies on scripts/);
      expect(plan.media.map((m) => m.name).sort()).toEqual(['abc-1-A.svg', 'abc-1-Q.svg', 'abc-O.svg', 'diagram-e.png', 'diagram.png']);
    }
  });
});
