// @vitest-environment happy-dom
import { beforeAll, describe, expect, test } from 'vitest';
import type { Note } from '../../src/core/types';
import { referencedMedia, renderSide } from '../../src/render';
import { extractSounds, soundNames } from '../../src/render/sound';
import { SOUND_OPEN } from '../../src/render/markers';
import { installHappyDomFixes } from '../../src/render/testing/happy-dom';
import { mimeFor } from '../../src/formats/shared/mime';
import { backOnly } from '../../src/ui/review/sounds';
import { speakableText } from '../../src/ui/review/handsfree';

beforeAll(installHappyDomFixes);

const note = (p: Partial<Note>): Note => ({
  id: 'n1', deckId: 'd1', kind: 'basic', format: 'markdown', front: '', back: '', tags: [], topics: [], noteTypeId: 'pd-basic', fields: [], mtime: 0, usn: 0, ...p,
});
const dom = (html: string): HTMLElement => new DOMParser().parseFromString(html, 'text/html').body;
const MEDIA: Record<string, string> = { 'tone.wav': 'blob:http://x/1', 'a b.mp3': 'blob:http://x/2', 'evil.mp3': 'javascript:alert(1)' };
const media = (n: string) => MEDIA[n];
const render = async (n: Partial<Note>, side: 'front' | 'back' = 'front', withMedia = true) =>
  dom(await renderSide({ note: note(n), ord: 0, side, ...(withMedia ? { media } : {}) }));

describe('[sound:…] tags', () => {
  test('names in order; entities decoded in HTML; empty tags ignored', () => {
    expect(soundNames('x [sound:a.mp3] y [sound:b &amp; c.ogg][sound:]')).toEqual(['a.mp3', 'b & c.ogg']);
    expect(soundNames('[sound:a&amp;b.mp3]', 'markdown')).toEqual(['a&amp;b.mp3']);
    const { text, names } = extractSounds('Q [sound:x.mp3] and [SOUND:y.ogg]', 'html');
    expect(names).toEqual(['x.mp3', 'y.ogg']);
    expect(text).not.toContain('[sound:');
    expect(text.split(SOUND_OPEN)).toHaveLength(3);
  });

  test('referencedMedia lists sound files (HTML sides from templates, and Markdown)', () => {
    expect(referencedMedia(note({ front: 'What sound? [sound:tone.wav]', back: 'A' }))).toContain('tone.wav');
    const html = note({ format: 'html', front: '', back: '', sides: [{ front: '<div>[sound:word%20one.mp3]</div>', back: '<img src="p.png">[sound:b.ogg]' }] });
    expect(referencedMedia(html)).toEqual(expect.arrayContaining(['word%20one.mp3', 'word one.mp3', 'p.png', 'b.ogg']));
  });

  test('a sound becomes our play button with an accessible name and the resolved blob URL', async () => {
    const body = await render({ front: 'What sound? [sound:tone.wav]' });
    const buttons = body.querySelectorAll('button.sound-play');
    expect(buttons).toHaveLength(1);
    const b = buttons[0] as HTMLButtonElement;
    expect(b.getAttribute('type')).toBe('button');
    expect(b.getAttribute('aria-label')).toBe('Play audio: tone.wav');
    expect(b.getAttribute('data-sound-src')).toBe('blob:http://x/1');
    expect(b.hasAttribute('disabled')).toBe(false);
    expect(body.textContent).toContain('What sound?');
    expect(body.textContent).not.toContain('[sound:');
  });

  test('percent-encoded names resolve; a missing file or a non-blob URL gives a disabled "Audio missing" button', async () => {
    const body = await render({ format: 'html', front: '[sound:a%20b.mp3] [sound:gone.mp3] [sound:evil.mp3]' });
    const [ok, gone, evil] = Array.from(body.querySelectorAll('button.sound-play')) as HTMLButtonElement[];
    expect(ok?.getAttribute('data-sound-src')).toBe('blob:http://x/2');
    expect(gone?.hasAttribute('disabled')).toBe(true);
    expect(gone?.textContent).toBe('Audio missing: gone.mp3');
    expect(gone?.hasAttribute('data-sound-src')).toBe(false);
    expect(evil?.hasAttribute('disabled')).toBe(true);
    expect(body.innerHTML).not.toContain('javascript:');
  });

  test('without media (editor preview) every sound is shown as missing', async () => {
    const body = await render({ front: '[sound:tone.wav]' }, 'front', false);
    expect(body.querySelector('button.sound-play')?.textContent).toBe('Audio missing: tone.wav');
  });

  test('card text cannot make a button or forge a sound placeholder', async () => {
    const body = await render({ format: 'html', front: '<button class="sound-play" data-sound-src="blob:http://x/1">x</button>\uE0120\uE013 <span title="[sound:tone.wav]">t</span>' });
    expect(body.querySelectorAll('button')).toHaveLength(0);
    expect(body.querySelector('span[title]')?.getAttribute('title')).toBe('[sound:tone.wav]');
    expect(body.innerHTML).not.toMatch(/[\uE000-\uE01F]/);
  });

  test('inside code the tag is shown as written; Markdown and HTML around it still render', async () => {
    const body = await render({ front: '**Listen** [sound:tone.wav] then `[sound:tone.wav]`' });
    expect(body.querySelector('strong')?.textContent).toBe('Listen');
    expect(body.querySelectorAll('button.sound-play')).toHaveLength(1);
    expect(body.querySelector('code')?.textContent).toBe('[sound:tone.wav]');
  });

  test('the back has the front part and the answer, each with its buttons; backOnly skips the front run', async () => {
    const n = { front: 'Q [sound:tone.wav]', back: 'A [sound:a%20b.mp3]' };
    const front = await render(n);
    const back = await render(n, 'back');
    const label = (b: Element) => b.getAttribute('aria-label');
    const frontNames = Array.from(front.querySelectorAll('.sound-play')).map((b) => label(b)!.replace('Play audio: ', ''));
    const backButtons = Array.from(back.querySelectorAll('.sound-play'));
    expect(backButtons.map(label)).toEqual(['Play audio: tone.wav', 'Play audio: a%20b.mp3']);
    expect(backOnly(backButtons, frontNames).map(label)).toEqual(['Play audio: a%20b.mp3']);
    // A back that does not contain the front's run plays all of its own sounds.
    expect(backOnly(backButtons, ['other.mp3']).map(label)).toEqual(backButtons.map(label));
  });

  test('hands-free speech does not read the sound buttons', async () => {
    const body = await render({ front: 'What sound? [sound:tone.wav] [sound:gone.mp3]' });
    expect(speakableText(body)).toBe('What sound?');
  });
});

describe('presentational colours from imported HTML', () => {
  test('<font color> and bgcolor become filtered inline style; an existing style still wins; unsafe values are dropped', async () => {
    const body = await render({ format: 'html', front: '<font color="black">a</font><font color="ff0000" style="color: navy">b</font><table><tr><td bgcolor="yellow">c</td></tr></table><font color="red;background:url(x)">d</font>' });
    const [a, b, d] = Array.from(body.querySelectorAll('font'));
    expect(a?.getAttribute('style')).toBe('color: black');
    expect(a?.hasAttribute('color')).toBe(false);
    expect(b?.getAttribute('style')).toBe('color: #ff0000; color: navy');
    expect(body.querySelector('td')?.getAttribute('style')).toBe('background-color: yellow');
    expect(d?.hasAttribute('style')).toBe(false);
    expect(body.innerHTML).not.toContain('url(');
  });
});

describe('audio mime types on import', () => {
  const bytes = (...b: number[]) => new Uint8Array(b);
  test.each([
    ['a.mp3', bytes(0x49, 0x44, 0x33, 3), 'audio/mpeg'],
    ['a.mp3', bytes(0xff, 0xf3, 0x90), 'audio/mpeg'],
    ['a.aac', bytes(0xff, 0xf1, 0x50), 'audio/aac'],
    ['a.ogg', bytes(0x4f, 0x67, 0x67, 0x53), 'audio/ogg'],
    ['a.opus', bytes(0x4f, 0x67, 0x67, 0x53), 'audio/ogg'],
    ['a.wav', new TextEncoder().encode('RIFF\0\0\0\0WAVEfmt '), 'audio/wav'],
    ['a.flac', new TextEncoder().encode('fLaC'), 'audio/flac'],
    ['a.m4a', new TextEncoder().encode('\0\0\0\x20ftypM4A '), 'audio/mp4'],
    ['a.m4a', new TextEncoder().encode('\0\0\0\x20ftypmp42'), 'audio/mp4'],
    ['a.mp4', new TextEncoder().encode('\0\0\0\x20ftypmp42'), 'video/mp4'],
    ['a.webm', bytes(0x1a, 0x45, 0xdf, 0xa3), 'video/webm'],
    ['a.weba', bytes(0x1a, 0x45, 0xdf, 0xa3), 'audio/webm'],
    ['a.opus', bytes(1, 2), 'audio/ogg'],
  ])('%s → %s', (name, data, mime) => {
    expect(mimeFor(name, data)).toBe(mime);
  });
});
