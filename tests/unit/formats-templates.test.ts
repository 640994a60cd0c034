import { describe, expect, it } from 'vitest';
import { latexImageName, rewriteLatex } from '../../src/formats/apkg/latex';
import { clozeFieldNames, renderTemplate, trimBreaks } from '../../src/formats/apkg/templates';
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
    expect(renderTemplate('{{hint:F}}', ctx({ F: '<i>h</i>' })).html).toBe('<i>h</i>');
    const typed = renderTemplate('Q {{type:Back}}', ctx({ Back: '<b>Paris</b>&nbsp;' }));
    expect(typed).toMatchObject({ html: 'Q', typeAnswer: 'Paris' });
    expect(renderTemplate('{{tts en_US:F}}x', ctx({ F: 'hello' })).html).toBe('x');
    expect(renderTemplate('{{furigana:F}}', ctx({ F: '日本[にほん]' })).html).toBe('<ruby><rb>日本</rb><rt>にほん</rt></ruby>');
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
