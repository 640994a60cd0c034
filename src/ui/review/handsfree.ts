/**
 * Hands-free review for a commute: the question is read aloud (Web Speech API), a pause leaves
 * time to answer aloud, the answer is revealed and read; the user grades by tap or swipe. Code
 * blocks and formulas are named, never read symbol by symbol. Works offline where the platform's
 * voices are local.
 */
import { useEffect } from 'preact/hooks';
import type { Settings } from '../../core/types';

export const DEFAULT_SPEECH = { rate: 1, pauseSeconds: 8 } as const;

/** The card's text as it should be heard: code and math named, blanks said as "blank". */
export function speakableText(el: Element): string {
  const copy = el.cloneNode(true) as Element;
  const say = (selector: string, words: string) => copy.querySelectorAll(selector).forEach((n) => n.replaceWith(` ${words}. `));
  // Play buttons (and "Audio missing" notes) are controls, not card text.
  copy.querySelectorAll('.sound-play').forEach((n) => n.replaceWith(' '));
  say('pre', 'A code block, shown on screen');
  say('.katex-display', 'A formula, shown on screen');
  say('.katex', 'a formula');
  say('.cloze:not(.cloze-revealed)', 'blank');
  say('img', 'an image');
  copy.querySelectorAll('code').forEach((n) => {
    // Short inline code (a name) is read; longer snippets are named.
    if ((n.textContent ?? '').length > 24) n.replaceWith(' some code ');
  });
  return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Whether this browser can speak, and with which voices (they may arrive a moment after load). */
export function voices(): SpeechSynthesisVoice[] {
  return typeof speechSynthesis === 'undefined' ? [] : speechSynthesis.getVoices();
}

function speak(text: string, s: Settings['speech'], onEnd: () => void): void {
  const u = new SpeechSynthesisUtterance(text);
  const voice = voices().find((v) => v.voiceURI === s?.voice);
  if (voice) u.voice = voice;
  u.rate = s?.rate ?? DEFAULT_SPEECH.rate;
  u.onend = onEnd;
  speechSynthesis.speak(u);
}

/**
 * While `on`: reads each question, waits the pause, reveals, reads the answer. `side` and `key`
 * tell it when the card on screen changed.
 */
export function useHandsFree(on: boolean, key: string | undefined, side: 'front' | 'back' | undefined, card: { current: HTMLElement | null }, reveal: () => void, settings: Settings['speech']): void {
  useEffect(() => {
    if (!on || !key || !side || !card.current || typeof speechSynthesis === 'undefined') return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let live = true;
    speechSynthesis.cancel();
    speak(speakableText(card.current), settings, () => {
      if (live && side === 'front') timer = setTimeout(reveal, (settings?.pauseSeconds ?? DEFAULT_SPEECH.pauseSeconds) * 1000);
    });
    return () => {
      live = false;
      clearTimeout(timer);
      speechSynthesis.cancel();
    };
  }, [on, key, side]);
}
