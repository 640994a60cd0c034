/**
 * Hands-free review in real Chromium with a stubbed speechSynthesis (headless Chromium has no
 * voices): the question is read with code named, not spelled; after the pause the answer is
 * revealed and read; a grade moves on; without voices the screen says so.
 */
import { describe, expect, it } from 'vitest';
import { launch, useServer, openApp } from './harness';
import { patchStoredSettings } from './reliability-helpers';

const server = useServer();

/** A speechSynthesis that records what it is asked to say and finishes each utterance at once. */
const STUB = `
  window.__spoken = [];
  const voices = ${'${VOICES}'};
  class U { constructor(t) { this.text = t; this.rate = 1; this.voice = null; this.onend = null; } }
  window.SpeechSynthesisUtterance = U;
  const synth = new EventTarget();
  synth.getVoices = () => voices;
  synth.speak = (u) => { window.__spoken.push(u.text); setTimeout(() => u.onend && u.onend(), 30); };
  synth.cancel = () => {};
  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
`;

describe('hands-free review', () => {
  it('reads the question, reveals and reads the answer after the pause, and names code instead of spelling it', async () => {
    const b = await launch({ viewport: { width: 390, height: 844 } });
    try {
      const { page, context } = b;
      await context.addInitScript({ content: STUB.replace('${VOICES}', '[{ name: "Test voice", lang: "en-GB", voiceURI: "test", localService: true, default: true }]') });
      await openApp(page, server.url);
      await patchStoredSettings(page, { speech: { rate: 1.2, pauseSeconds: 2 } });
      await page.goto(server.url + '/#/study/software-engineering');
      await page.reload();
      await page.getByRole('button', { name: 'Show answer' }).waitFor({ timeout: 30_000 });
      await page.getByRole('button', { name: 'Hands-free' }).click();
      // The question, then (after the 2 s pause) the answer, read without a click.
      await page.getByRole('button', { name: 'Good', exact: true }).waitFor({ timeout: 10_000 });
      const spoken = await page.evaluate(() => (window as unknown as { __spoken: string[] }).__spoken);
      expect(spoken.length).toBeGreaterThanOrEqual(2);
      const front = await page.evaluate(() => document.querySelector('.card-view')!.textContent);
      expect(spoken.at(-1)!.length).toBeGreaterThan(0);
      expect(front).toBeTruthy();
      for (const text of spoken) expect(text).not.toMatch(/[{}]{2}|def \w+\(|\)\s*:$/);
      await page.getByRole('button', { name: 'Good', exact: true }).click();
      await expect.poll(() => page.evaluate(() => (window as unknown as { __spoken: string[] }).__spoken.length)).toBeGreaterThan(spoken.length);
    } finally {
      await b.close();
    }
  });

  it('says clearly when no voice is available', async () => {
    const b = await launch({ viewport: { width: 390, height: 844 } });
    try {
      const { page, context } = b;
      await context.addInitScript({ content: STUB.replace('${VOICES}', '[]') });
      await page.goto(server.url + '/#/study/probability');
      await page.getByRole('button', { name: 'Show answer' }).waitFor({ timeout: 30_000 });
      await page.getByRole('button', { name: 'Hands-free' }).click();
      await page.getByText('No voice is available on this device, so hands-free cannot read cards aloud.').waitFor();
      expect(await page.getByRole('button', { name: 'Hands-free' }).getAttribute('aria-pressed')).toBe('false');
    } finally {
      await b.close();
    }
  });
});
