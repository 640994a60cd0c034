/**
 * Playing a card's sounds (`[sound:…]`, rendered as `button.sound-play` by src/render/sound.ts):
 * one HTMLAudioElement at a time, a click or Enter/Space on a button plays that sound, `R`
 * replays the side's sounds, and a side plays its sounds in order when it appears if the
 * "Play audio automatically" setting says so (on by default, as in Anki). The back does not play
 * the front's sounds again (Anki, when the back template includes {{FrontSide}}). A browser may
 * refuse to play before the first user gesture: that is caught quietly.
 */
import { useCallback, useEffect, useRef } from 'preact/hooks';
import type { Settings } from '../../core/types';

export const DEFAULT_AUTOPLAY = { front: true, back: true } as const;

const PLAYING = 'is-playing';

let current: { audio: HTMLAudioElement; button: HTMLElement | undefined } | undefined;
/** Bumped by every new play or stop, so a sequence that was replaced stops advancing. */
let generation = 0;

/** Stops whatever is playing. */
export function stopSounds(): void {
  generation++;
  if (!current) return;
  current.audio.pause();
  current.audio.removeAttribute('src');
  current.button?.classList.remove(PLAYING);
  current = undefined;
}

function playableButtons(root: HTMLElement | null): HTMLButtonElement[] {
  if (!root) return [];
  return Array.from(root.querySelectorAll<HTMLButtonElement>('button.sound-play')).filter((b) => !b.disabled && b.dataset.soundSrc?.startsWith('blob:'));
}

/** Plays the buttons' sounds one after another (a failing one is skipped). */
export function playSounds(buttons: HTMLButtonElement[]): void {
  stopSounds();
  const token = generation;
  const next = (i: number): void => {
    if (token !== generation) return;
    const button = buttons[i];
    if (!button) {
      current = undefined;
      return;
    }
    const src = button.dataset.soundSrc;
    if (!src?.startsWith('blob:')) return next(i + 1);
    const audio = new Audio(src);
    current = { audio, button };
    button.classList.add(PLAYING);
    const done = () => {
      button.classList.remove(PLAYING);
      if (token === generation) next(i + 1);
    };
    audio.addEventListener('ended', done, { once: true });
    audio.addEventListener('error', done, { once: true });
    audio.play().catch(() => {
      // Autoplay refused before a user gesture (or the file is unplayable): nothing to say.
      button.classList.remove(PLAYING);
      if (current?.audio === audio) current = undefined;
    });
  };
  next(0);
}

/** A sound button's file name (from our own label), to tell the front's sounds on the back. */
function soundName(b: Element): string {
  return (b.getAttribute('aria-label') ?? b.textContent ?? '').replace(/^(Play audio|Audio missing): /, '');
}

/**
 * The back's buttons minus the front's: when the front's sounds appear in the back as one run
 * (the back shows the front above the answer), that run is skipped.
 */
export function backOnly(back: Element[], front: string[]): Element[] {
  if (front.length === 0 || front.length > back.length) return back;
  const names = back.map(soundName);
  for (let start = 0; start + front.length <= names.length; start++) {
    if (front.every((n, i) => names[start + i] === n)) return [...back.slice(0, start), ...back.slice(start + front.length)];
  }
  return back;
}

function frontNames(html: string | undefined): string[] {
  if (!html) return [];
  const tpl = document.createElement('template');
  tpl.innerHTML = html;
  return Array.from(tpl.content.querySelectorAll('button.sound-play')).map(soundName);
}

/** Clicks (and Enter/Space, which click a button) on sound buttons inside `container` play them. */
export function useSoundButtons(container: { current: HTMLElement | null }): void {
  useEffect(() => {
    // Delegated from the document: the container may be re-created while this screen is up.
    const onClick = (e: MouseEvent) => {
      const button = (e.target as Element | null)?.closest?.('button.sound-play');
      if (!button || !container.current?.contains(button)) return;
      e.preventDefault();
      const b = button as HTMLButtonElement;
      if (b.classList.contains(PLAYING)) stopSounds();
      else playSounds([b]);
    };
    document.addEventListener('click', onClick);
    return () => {
      document.removeEventListener('click', onClick);
      stopSounds();
    };
  }, []);
}

/**
 * The review card's sounds: buttons play on click, the side's sounds play when it appears (per
 * the setting), and the returned `replay` plays them again (the `R` key).
 */
export function useCardSounds(container: { current: HTMLElement | null }, key: string | undefined, side: 'front' | 'back' | undefined, frontHtml: string | undefined, autoplay: Settings['autoplayAudio']): () => void {
  useSoundButtons(container);
  const front = useRef<string[]>([]);
  useEffect(() => {
    stopSounds();
    if (!key || !side) return;
    if (side === 'front') front.current = [];
    const on = (autoplay ?? DEFAULT_AUTOPLAY)[side];
    if (side === 'back') front.current = frontNames(frontHtml);
    if (!on) return;
    const all = playableButtons(container.current);
    const mine = side === 'back' ? (backOnly(Array.from(container.current?.querySelectorAll('button.sound-play') ?? []), front.current) as HTMLButtonElement[]).filter((b) => all.includes(b)) : all;
    if (mine.length) playSounds(mine);
  }, [key, side]);
  useEffect(() => () => stopSounds(), []);
  return useCallback(() => playSounds(playableButtons(container.current)), []);
}
