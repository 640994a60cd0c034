/**
 * Audio and dark-mode colours in real Chromium, offline: `[sound:…]` plays from IndexedDB media
 * (button, auto-play per side, R), and imported inline colours stay readable in dark mode while
 * light mode shows them as authored.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { horizontalOverflow, launch, RESULTS, useServer, waitForServiceWorker } from './harness';
import { newCard } from '../../src/core/scheduler';

const server = useServer();

/** A mono 16-bit PCM WAV: `ms` of a sine tone at `hz`. */
function toneWav(ms: number, hz: number): number[] {
  const rate = 8000;
  const n = Math.round((rate * ms) / 1000);
  const buf = Buffer.alloc(44 + n * 2);
  buf.write('RIFF', 0, 'ascii');
  buf.writeUInt32LE(36 + n * 2, 4);
  buf.write('WAVEfmt ', 8, 'ascii');
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);
  buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(rate, 24);
  buf.writeUInt32LE(rate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36, 'ascii');
  buf.writeUInt32LE(n * 2, 40);
  for (let i = 0; i < n; i++) buf.writeInt16LE(Math.round(Math.sin((2 * Math.PI * hz * i) / rate) * 12000), 44 + i * 2);
  return [...buf];
}

type SeedNote = { id: string; format: 'markdown' | 'html'; front: string; back: string };

/** Puts a deck, its notes, one card each, media files and settings into the app's database. */
async function seed(page: Page, deckId: string, notes: SeedNote[], media: Record<string, number[]>, settings: object) {
  const cards = notes.map((n, position) => newCard({ id: `${n.id}-0`, noteId: n.id, ord: 0, deckId, position }));
  await page.evaluate(
    ({ deckId, notes, media, settings, cards }) =>
      new Promise<void>((res, rej) => {
        const r = indexedDB.open('prepdeck');
        r.onerror = () => rej(r.error);
        r.onsuccess = () => {
          const db = r.result;
          const tx = db.transaction(['decks', 'notes', 'cards', 'media', 'meta'], 'readwrite');
          const now = Date.now();
          tx.objectStore('decks').put({ id: deckId, name: deckId, description: '', source: 'user', createdAt: now, mtime: now, usn: 0 });
          for (const n of notes) tx.objectStore('notes').put({ ...n, kind: 'basic', deckId, noteTypeId: 'pd-basic', fields: [n.front, n.back], tags: [], topics: [], mtime: now, usn: 0 });
          for (const c of cards) tx.objectStore('cards').put(c);
          for (const [name, bytes] of Object.entries(media)) {
            tx.objectStore('media').put({ id: `${deckId}/${name}`, deckId, name, mime: 'audio/wav', data: new Blob([new Uint8Array(bytes)], { type: 'audio/wav' }) });
          }
          const s = tx.objectStore('meta').get('settings');
          s.onsuccess = () => tx.objectStore('meta').put({ ...((s.result as object | undefined) ?? {}), ...settings }, 'settings');
          tx.oncomplete = () => {
            db.close();
            res();
          };
          tx.onerror = () => rej(tx.error);
        };
      }),
    { deckId, notes, media, settings, cards },
  );
}

async function setSettings(page: Page, settings: object) {
  await page.evaluate(
    (settings) =>
      new Promise<void>((res, rej) => {
        const r = indexedDB.open('prepdeck');
        r.onsuccess = () => {
          const db = r.result;
          const tx = db.transaction('meta', 'readwrite');
          const s = tx.objectStore('meta').get('settings');
          s.onsuccess = () => tx.objectStore('meta').put({ ...(s.result as object), ...settings }, 'settings');
          tx.oncomplete = () => {
            db.close();
            res();
          };
          tx.onerror = () => rej(tx.error);
        };
        r.onerror = () => rej(r.error);
      }),
    settings,
  );
}

/** Records every media element the page plays (test instrumentation, installed before the app loads). */
function recordPlays(): void {
  const w = window as unknown as { __plays: HTMLMediaElement[] };
  w.__plays = [];
  const play = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
    w.__plays.push(this);
    return play.call(this);
  };
}

const plays = (page: Page) => page.evaluate(() => (window as unknown as { __plays: HTMLMediaElement[] }).__plays.map((a) => ({ src: a.src, time: a.currentTime, ended: a.ended, paused: a.paused, error: a.error?.code ?? 0 })));

/** Contrast of each selected element's computed colour against its nearest background (WCAG 2). */
const contrasts = (page: Page, selector: string) =>
  page.evaluate((selector) => {
    const parse = (c: string) => {
      const m = /rgba?\(([^)]+)\)/.exec(c);
      if (!m) throw new Error(`unexpected colour ${c}`);
      const [r, g, b, a = 1] = m[1]!.split(/[,\s/]+/).filter(Boolean).map(Number);
      return { r: r!, g: g!, b: b!, a };
    };
    const lum = ({ r, g, b }: { r: number; g: number; b: number }) => {
      const f = (c: number) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    return [...document.querySelectorAll(selector)].map((el) => {
      let bg = { r: 255, g: 255, b: 255, a: 0 };
      for (let p: Element | null = el; p; p = p.parentElement) {
        const c = parse(getComputedStyle(p).backgroundColor);
        if (c.a === 1) {
          bg = c;
          break;
        }
      }
      const fg = parse(getComputedStyle(el).color);
      const [x, y] = [lum(fg), lum(bg)];
      return { text: el.textContent, color: getComputedStyle(el).color, ratio: (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05) };
    });
  }, selector);

describe('audio and dark-mode colours in Chromium', () => {
  it('plays [sound:] offline by button, auto-play per side and R; the back skips the front sound', async () => {
    const b = await launch({ viewport: { width: 390, height: 844 }, args: ['--autoplay-policy=no-user-gesture-required'] });
    try {
      const { page } = b;
      await page.addInitScript(recordPlays);
      await page.goto(server.url + '/');
      await page.getByRole('heading', { name: 'Today' }).waitFor({ timeout: 30_000 });
      await waitForServiceWorker(page);
      await seed(
        page,
        'audio-test',
        [
          { id: 'snd-1', format: 'markdown', front: 'What sound? [sound:tone.wav]', back: 'A 440 Hz tone [sound:answer.wav]' },
          { id: 'snd-2', format: 'html', front: '<div>Again: [sound:tone.wav]</div>', back: 'And [sound:gone.mp3]' },
        ],
        { 'tone.wav': toneWav(300, 440), 'answer.wav': toneWav(250, 660) },
        { autoplayAudio: { front: false, back: true }, buryNewSiblings: false },
      );
      await b.context.setOffline(true);
      await page.goto('about:blank');
      await page.goto(server.url + '/#/study/audio-test');
      const card = page.locator('article.card-view');
      const play = card.getByRole('button', { name: 'Play audio: tone.wav' });
      await play.waitFor();
      // Auto-play is off for the front: nothing plays by itself.
      await page.waitForTimeout(600);
      expect(await plays(page)).toEqual([]);

      // The button plays the file from IndexedDB (offline): time advances and it ends.
      const toneSrc = await play.getAttribute('data-sound-src');
      expect(toneSrc).toMatch(/^blob:/);
      await play.click();
      await expect.poll(async () => (await plays(page))[0]?.ended, { timeout: 5000 }).toBe(true);
      const first = (await plays(page))[0]!;
      expect(first).toMatchObject({ src: toneSrc, error: 0 });
      expect(first.time).toBeGreaterThan(0.2);
      // Playing the sound did not reveal the answer.
      expect(await page.getByRole('button', { name: 'Show answer' }).isVisible()).toBe(true);

      // Reveal: the back auto-plays its own sound only, not the front's again.
      await page.getByRole('button', { name: 'Show answer' }).click();
      const answer = card.getByRole('button', { name: 'Play audio: answer.wav' });
      await answer.waitFor();
      await expect.poll(async () => (await plays(page)).length).toBe(2);
      const answerSrc = await answer.getAttribute('data-sound-src');
      await expect.poll(async () => (await plays(page))[1]?.ended, { timeout: 5000 }).toBe(true);
      expect((await plays(page))[1]).toMatchObject({ src: answerSrc, error: 0 });
      await page.waitForTimeout(400);
      expect(await plays(page)).toHaveLength(2);

      // R replays the side's sounds (front part, then answer).
      await page.keyboard.press('r');
      await expect.poll(async () => (await plays(page)).length, { timeout: 5000 }).toBe(4);
      const replayed = await plays(page);
      expect(replayed[2]!.src).toBe(await card.getByRole('button', { name: 'Play audio: tone.wav' }).getAttribute('data-sound-src'));
      expect(replayed[3]!.src).toBe(answerSrc);
      await page.getByRole('button', { name: 'Good', exact: true }).click();

      // Second card (HTML): front auto-play now on (setting changed, new page load), a missing file is a disabled button.
      await setSettings(page, { autoplayAudio: { front: true, back: false } });
      await page.goto('about:blank');
      await page.goto(server.url + '/#/study/audio-test');
      await card.getByRole('button', { name: 'Play audio: tone.wav' }).waitFor();
      expect(await card.textContent()).toContain('Again:');
      await expect.poll(async () => (await plays(page)).length, { timeout: 5000 }).toBe(1);
      await expect.poll(async () => (await plays(page))[0]?.ended, { timeout: 5000 }).toBe(true);
      await page.getByRole('button', { name: 'Show answer' }).click();
      const missing = card.getByRole('button', { name: 'Audio missing: gone.mp3' });
      await missing.waitFor();
      expect(await missing.isDisabled()).toBe(true);
      // Back auto-play is off now.
      await page.waitForTimeout(600);
      expect(await plays(page)).toHaveLength(1);
      await page.screenshot({ path: join(RESULTS, 'render-audio-390.png') });
      expect(b.errors.filter((e) => /Content Security Policy|pageerror/.test(e))).toEqual([]);
    } finally {
      await b.close();
    }
  });

  it('adapts imported inline colours to AA contrast in dark mode and leaves them as authored in light mode', async () => {
    const b = await launch({ viewport: { width: 390, height: 844 } });
    try {
      const { page } = b;
      await page.goto(server.url + '/');
      await page.getByRole('heading', { name: 'Today' }).waitFor({ timeout: 30_000 });
      await waitForServiceWorker(page);
      const front = [
        '<div>Listen [sound:tone.wav]</div>',
        '<div><span style="color:#000080" class="t-navy">navy</span> and <font color="black" class="t-font">black font</font></div>',
        '<div><span style="background-color: yellow" class="t-mark">highlighted</span> and <span style="color: rgb(139, 0, 0)" class="t-red">dark red</span></div>',
        '<div><span style="color: gold" class="t-gold">gold stays</span></div>',
      ].join('');
      await seed(page, 'colour-test', [{ id: 'col-1', format: 'html', front, back: 'Back' }], { 'tone.wav': toneWav(200, 440) }, { theme: 'dark', autoplayAudio: { front: false, back: false } });
      await b.context.setOffline(true);
      await page.goto('about:blank');
      await page.goto(server.url + '/#/study/colour-test');
      const card = page.locator('article.card-view');
      await card.locator('.t-navy').waitFor();
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');

      const selectors = '.card-view .t-navy, .card-view .t-font, .card-view .t-mark, .card-view .t-red, .card-view .t-gold';
      await expect.poll(async () => Math.min(...(await contrasts(page, selectors)).map((c) => c.ratio))).toBeGreaterThanOrEqual(4.5);
      const dark = await contrasts(page, selectors);
      for (const c of dark) expect(c.ratio, `${c.text}: ${c.color}`).toBeGreaterThanOrEqual(4.5);
      // Navy keeps its hue (a blue), black font becomes light; gold already read well and is untouched.
      const navy = dark.find((c) => c.text === 'navy')!.color;
      const [r, g, bl] = /\d+/g[Symbol.match](navy)!.map(Number) as [number, number, number];
      expect(bl).toBeGreaterThan(r);
      expect(bl).toBeGreaterThan(g);
      expect(dark.find((c) => c.text === 'gold stays')!.color).toBe('rgb(255, 215, 0)');
      await page.screenshot({ path: join(RESULTS, 'render-colours-dark-390.png') });
      expect(await horizontalOverflow(page)).toBe(0);
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.screenshot({ path: join(RESULTS, 'render-colours-dark-desktop.png') });

      // Switching to light (what the theme setting does) restores the authored colours.
      await page.evaluate(() => (document.documentElement.dataset.theme = 'light'));
      await expect.poll(() => card.locator('.t-navy').evaluate((el) => getComputedStyle(el).color)).toBe('rgb(0, 0, 128)');
      expect(await card.locator('.t-font').evaluate((el) => getComputedStyle(el).color)).toBe('rgb(0, 0, 0)');
      expect(await card.locator('.t-mark').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(255, 255, 0)');
      expect(await card.locator('.t-navy').getAttribute('style')).toBe('color: #000080');
      // <font color> is kept by the sanitizer as inline style (so dark mode had to adapt it).
      expect(await card.locator('font.t-font').getAttribute('style')).toBe('color: black');
      await page.screenshot({ path: join(RESULTS, 'render-colours-light-desktop.png') });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: join(RESULTS, 'render-colours-light-390.png') });

      // And back to dark: adapted again.
      await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
      await expect.poll(async () => Math.min(...(await contrasts(page, selectors)).map((c) => c.ratio))).toBeGreaterThanOrEqual(4.5);
      expect(b.errors.filter((e) => /Content Security Policy|pageerror/.test(e))).toEqual([]);
    } finally {
      await b.close();
    }
  });
});
