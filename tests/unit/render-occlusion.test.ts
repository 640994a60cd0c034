// @vitest-environment happy-dom
import { beforeAll, describe, expect, it } from 'vitest';
import type { Note } from '../../src/core/types';
import { expectedTypedAnswer, plainText, renderSide } from '../../src/render';
import { inPixels, occlusionOverlay, parseOcclusions, roleOf, splitAtImage } from '../../src/render/occlusion';
import { installHappyDomFixes } from '../../src/render/testing/happy-dom';

beforeAll(installHappyDomFixes);

const dom = (html: string): HTMLElement => new DOMParser().parseFromString(html, 'text/html').body;

const FIELD = [
  '{{c1::image-occlusion:rect:left=.1:top=.2:width=.3:height=.1:oi=1}}',
  '{{c2::image-occlusion:ellipse:left=.5:top=.5:rx=.1:ry=.05:oi=1}}',
  '{{c3::image-occlusion:polygon:left=.6:top=.1:points=.6,.1 .9,.1 .75,.3:oi=1}}',
  '{{c0::image-occlusion:text:left=.7:top=.8:text=Aorta\\: arch:scale=1:fs=.05}}',
  '{{c1,4::image-occlusion:rect:left=.05:top=.05:width=.1:height=.1}}',
  '{{c5::image-occlusion:star:left=.1}}',
].join('<br>');

describe('parseOcclusions', () => {
  it('reads rect, ellipse, polygon and text shapes with their cloze numbers and modes', () => {
    const shapes = parseOcclusions(FIELD);
    expect(shapes.map((s) => [s.kind, s.ordinals, s.oi])).toEqual([
      ['rect', [1], true],
      ['ellipse', [2], true],
      ['polygon', [3], true],
      ['text', [0], false],
      ['rect', [1, 4], false],
    ]);
    expect(shapes[0]).toMatchObject({ left: 0.1, top: 0.2, width: 0.3, height: 0.1 });
    // An ellipse's box is twice its radii; a polygon's is its points' bounds.
    expect(shapes[1]).toMatchObject({ left: 0.5, top: 0.5, width: 0.2, height: 0.1 });
    expect(shapes[2]!.points).toEqual([[0.6, 0.1], [0.9, 0.1], [0.75, 0.3]]);
    expect(shapes[2]!.width).toBeCloseTo(0.3);
    expect(shapes[3]!.text).toBe('Aorta: arch');
    expect(inPixels(shapes)).toBe(false);
    expect(inPixels(parseOcclusions('{{c1::image-occlusion:rect:left=120:top=40:width=80:height=30}}'))).toBe(true);
  });

  it('gives each shape its role per side and mode, as Anki does', () => {
    const [c1, c2, , label, shared] = parseOcclusions(FIELD);
    expect(roleOf(c1!, 1, 'front')).toBe('active');
    expect(roleOf(c1!, 1, 'back')).toBe('highlight');
    expect(roleOf(c2!, 1, 'front')).toBe('inactive'); // hide all
    expect(roleOf(shared!, 2, 'front')).toBeNull(); // hide one: other cards' shapes show
    expect(roleOf(shared!, 4, 'front')).toBe('active');
    expect(roleOf(label!, 1, 'front')).toBeNull(); // labels never on the front
    expect(roleOf(label!, 1, 'back')).toBe('label');
  });
});

describe('occlusionOverlay', () => {
  const shapes = parseOcclusions(FIELD);
  const overlay = (num: number, side: 'front' | 'back', extra = {}) =>
    dom(occlusionOverlay({ shapes, num, side, src: 'blob:http://x/1', alt: 'heart', name: 'heart.png', ...extra }));

  it('lays percent-positioned masks over the image inside one positioned wrapper', () => {
    const body = overlay(1, 'front');
    const wrap = body.querySelector<HTMLElement>('.io-wrap')!;
    expect(wrap.style.position).toBe('relative');
    expect(wrap.querySelector('img')!.getAttribute('src')).toBe('blob:http://x/1');
    const active = wrap.querySelectorAll<HTMLElement>('[data-io="active"]');
    expect(active).toHaveLength(2);
    expect(active[0]!.style.cssText).toMatch(/position: absolute.*left: 10%.*top: 20%.*width: 30%.*height: 10%/);
    expect(wrap.querySelectorAll('[data-io="inactive"]')).toHaveLength(2);
    expect(wrap.querySelector<HTMLElement>('.io-mask[data-io="inactive"]')!.style.borderRadius).toBe('50%');
    expect(wrap.querySelector('.io-mask[style*="clip-path"]')!.getAttribute('style')).toContain('clip-path:polygon(60% 10%,90% 10%,75% 30%)');
    expect(wrap.textContent).not.toContain('Aorta');
    expect(wrap.dataset.ioMode).toBe('hide-all');
  });

  it('outlines the active region on the back and shows the labels there', () => {
    const body = overlay(1, 'back');
    expect(body.querySelectorAll('[data-io="highlight"]')).toHaveLength(2);
    expect(body.querySelector<HTMLElement>('[data-io="highlight"]')!.style.background).toBe('transparent');
    expect(body.querySelector('[data-io="label"]')!.textContent).toBe('Aorta: arch');
  });

  it('converts pixel coordinates with the image size, and says when the image is missing', () => {
    const px = parseOcclusions('{{c1::image-occlusion:rect:left=100:top=50:width=200:height=100}}');
    const body = dom(occlusionOverlay({ shapes: px, num: 1, side: 'front', src: 'blob:x', alt: '', name: 'a.png', size: { width: 400, height: 200 } }));
    expect(body.querySelector<HTMLElement>('.io-mask')!.style.cssText).toMatch(/left: 25%.*top: 25%.*width: 50%.*height: 50%/);
    const missing = dom(occlusionOverlay({ shapes, num: 1, side: 'front', src: undefined, alt: '', name: 'gone.png' }));
    expect(missing.textContent).toBe('missing image: gone.png');
    expect(missing.querySelector('.io-mask')).toBeNull();
  });

  it('puts nothing from the note into markup unescaped', () => {
    const evil = parseOcclusions('{{c1::image-occlusion:text:left=.1:top=.1:text=<img src=x onerror=alert(1)>}}');
    const body = dom(occlusionOverlay({ shapes: evil, num: 1, side: 'back', src: 'blob:x', alt: '"><script>', name: 'a' }));
    expect(body.querySelector('[onerror], script')).toBeNull();
    expect(body.querySelector('[data-io="label"]')!.textContent).toBe('<img src=x onerror=alert(1)>');
    const fill = parseOcclusions('{{c1::image-occlusion:rect:left=.1:top=.1:width=.1:height=.1:oi=1:fill=red;background:url(x)}}');
    expect(occlusionOverlay({ shapes: fill, num: 2, side: 'front', src: 'blob:x', alt: '', name: 'a' })).not.toContain('url(');
  });
});

describe('renderSide for Image Occlusion notes', () => {
  const sideQ = '<div>The heart</div>\n<div style="display: none"></div>\n<div id="err"></div>\n<div id="image-occlusion-container">\n    <img src="heart.png">\n    <canvas id="image-occlusion-canvas"></canvas>\n</div>\n<script>anki.imageOcclusion.setup();</script>';
  const note: Note = {
    id: 'io1', deckId: 'd', noteTypeId: 'anki-nt-io', fields: [], kind: 'cloze', format: 'html', front: FIELD, back: '', tags: [], topics: [], mtime: 0, usn: 0,
    sides: [{ front: sideQ, back: `${sideQ}\n<div><button id="toggle">Toggle Masks</button></div>\n<div>Four chambers</div>` }],
  };
  const media = (n: string) => (n === 'heart.png' ? 'blob:http://x/heart' : undefined);

  it('lists without its shape instructions', () => {
    expect(plainText(note)).not.toContain('image-occlusion');
  });

  it('splits the template side around its image container', () => {
    const split = splitAtImage(note.sides![0]!.back);
    expect(split.src).toBe('heart.png');
    expect(split.before).toContain('The heart');
    expect(split.after).toContain('Four chambers');
    expect(split.before + split.after).not.toMatch(/canvas|script|Toggle Masks|image-occlusion-container/);
  });

  it('shows the header, the image with masks, and the back extra only on the back', async () => {
    const front = dom(await renderSide({ note, ord: 0, side: 'front', media }));
    expect(front.querySelector('.io-wrap img')!.getAttribute('src')).toBe('blob:http://x/heart');
    expect(front.querySelectorAll('[data-io="active"]')).toHaveLength(2);
    expect(front.textContent).toContain('The heart');
    expect(front.textContent).not.toMatch(/Four chambers|Toggle Masks|Aorta|image-occlusion/);
    expect(front.querySelector('script, canvas, button')).toBeNull();
    const back = dom(await renderSide({ note, ord: 1, side: 'back', media }));
    expect(back.textContent).toContain('Four chambers');
    expect(back.querySelectorAll('[data-io="highlight"]')).toHaveLength(1);
    expect(back.querySelector('[data-io="label"]')!.textContent).toBe('Aorta: arch');
    expect(back.textContent).not.toContain('Toggle Masks');
  });
});

describe('filters through the renderer', () => {
  const base = { id: 'n', deckId: 'd', noteTypeId: 'anki-nt-x', fields: [], format: 'html' as const, tags: [], topics: [], mtime: 0, usn: 0 };

  it('compares a typed cloze answer with the card deletion', async () => {
    const note: Note = { ...base, kind: 'cloze', front: '{{c1::Paris}} is in {{c2::<b>France</b>}}.', back: '', answer: '' };
    expect(expectedTypedAnswer(note, 1)).toBe('France');
    expect(expectedTypedAnswer({ ...note, answer: undefined } as Note, 1)).toBeUndefined();
    // One deletion on two cards (Anki 23.10+ `{{c1,2::…}}`).
    expect(expectedTypedAnswer({ ...note, front: '{{c1,2::Seine}} flows through {{c3::Paris}}' }, 1)).toBe('Seine');
    const back = dom(await renderSide({ note, ord: 1, side: 'back', typed: 'france' }));
    expect(back.querySelector('.typed-compare')!.classList.contains('typed-correct')).toBe(true);
    const wrong = dom(await renderSide({ note, ord: 0, side: 'back', typed: 'Lyon' }));
    expect(wrong.querySelector('.typed-expected')!.textContent).toBe('Paris');
  });

  it('keeps a hint collapsed and furigana as ruby through the sanitizer', async () => {
    const note: Note = { ...base, kind: 'basic', front: '', back: '', sides: [{ front: '<details class="anki-hint"><summary>Hint</summary>h</details><ruby>日本<rt>にほん</rt></ruby>', back: '' }] };
    const front = dom(await renderSide({ note, ord: 0, side: 'front' }));
    expect(front.querySelector('details.anki-hint > summary')!.textContent).toBe('Hint');
    expect(front.querySelector('details')!.hasAttribute('open')).toBe(false);
    expect(front.querySelector('ruby rt')!.textContent).toBe('にほん');
  });
});
