/**
 * Private-use characters that stand in for generated markup while card text passes through
 * Markdown and the sanitizer. Markdown treats them as ordinary letters (no escaping, no emphasis
 * or link syntax), and they never occur in real card text: `stripMarkers` removes any that do,
 * so a deck cannot forge them.
 */
export const CLOZE_HIDDEN = '\uE000';
export const CLOZE_REVEALED = '\uE001';
export const CLOZE_END = '\uE002';
/** Brackets around a hidden deletion's hint: literal `[`/`]` would be Markdown link syntax. */
export const HINT_OPEN = '\uE003';
export const HINT_CLOSE = '\uE004';
/** A math placeholder is MATH_OPEN + index + MATH_CLOSE. */
export const MATH_OPEN = '\uE010';
export const MATH_CLOSE = '\uE011';
/** A sound placeholder (`[sound:name]`) is SOUND_OPEN + index + SOUND_CLOSE (src/render/sound.ts). */
export const SOUND_OPEN = '\uE012';
export const SOUND_CLOSE = '\uE013';

const ANY_MARKER = /[\uE000-\uE01F]/g;
export const MATH_PLACEHOLDER = /\uE010(\d+)\uE011/g;
export const SOUND_PLACEHOLDER = /\uE012(\d+)\uE013/g;

export function stripMarkers(text: string): string {
  return text.replace(ANY_MARKER, '');
}

export function mathPlaceholder(index: number): string {
  return `${MATH_OPEN}${index}${MATH_CLOSE}`;
}

/**
 * Turns cloze markers into their spans; runs on HTML before sanitizing, so the spans are checked
 * too. A hidden deletion is announced as "blank" to screen readers (the `[…]` alone reads as
 * punctuation or nothing at all).
 */
export function clozeMarkersToHtml(html: string): string {
  return html
    .replaceAll(CLOZE_HIDDEN, '<span class="visually-hidden">blank </span><span class="cloze">')
    .replaceAll(CLOZE_REVEALED, '<span class="cloze cloze-revealed">')
    .replaceAll(CLOZE_END, '</span>')
    .replaceAll(HINT_OPEN, '[')
    .replaceAll(HINT_CLOSE, ']');
}
