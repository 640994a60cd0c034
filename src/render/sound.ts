/**
 * Anki's `[sound:name.ext]` (also accepted in our own Markdown). Before Markdown and the sanitizer
 * each tag becomes a private-use placeholder (markers.ts); after sanitizing, `insertSounds` puts
 * our own play button in its place. Buttons are forbidden in card content, so a card cannot make
 * one: the only ones on a card are these, and the file a button plays is the blob: URL the deck's
 * media resolved to (never a URL from card text). The review screen plays them (ui/review/sounds.ts).
 */
import { SOUND_CLOSE, SOUND_OPEN, SOUND_PLACEHOLDER, stripMarkers } from './markers';
import { mediaNameCandidates } from './media';
import { decodeEntities } from './text';

/** `[sound:name]`: a name has no `]` and no line break (Anki's own rule is the same). */
const SOUND_TAG = /\[sound:([^\]\r\n]+)\]/gi;

/** Sound file names in a text, in order (entities decoded for HTML text). */
export function soundNames(text: string, format: 'html' | 'markdown' = 'html'): string[] {
  return [...text.matchAll(SOUND_TAG)].map((m) => cleanName(m[1] ?? '', format)).filter(Boolean);
}

function cleanName(raw: string, format: 'html' | 'markdown'): string {
  return (format === 'html' ? decodeEntities(raw) : raw).trim();
}

/** Replaces each `[sound:…]` with a placeholder; `names[i]` is placeholder i's file name. */
export function extractSounds(text: string, format: 'html' | 'markdown'): { text: string; names: string[] } {
  const names: string[] = [];
  const out = text.replace(SOUND_TAG, (whole, raw: string) => {
    const name = cleanName(raw, format);
    if (!name) return whole;
    names.push(name);
    return `${SOUND_OPEN}${names.length - 1}${SOUND_CLOSE}`;
  });
  return { text: out, names };
}

/** A sound's blob: URL, or undefined when the deck has no such file (only our own object URLs). */
export function resolveSound(name: string, media: ((name: string) => string | undefined) | undefined): string | undefined {
  if (!media) return undefined;
  for (const candidate of mediaNameCandidates(name)) {
    const url = media(candidate);
    if (url !== undefined && /^blob:/i.test(url)) return url;
  }
  return undefined;
}

/** The button for one sound: playable, or disabled and saying the file is missing. */
export function soundButton(doc: Document, name: string, url: string | undefined): HTMLButtonElement {
  const button = doc.createElement('button');
  button.type = 'button';
  button.className = 'sound-play';
  if (url) {
    button.setAttribute('aria-label', `Play audio: ${name}`);
    button.title = `Play audio: ${name}`;
    button.setAttribute('data-sound-src', url);
    const icon = doc.createElement('span');
    icon.setAttribute('aria-hidden', 'true');
    icon.textContent = '\u25B6\uFE0E';
    button.append(icon);
  } else {
    button.classList.add('sound-missing');
    button.disabled = true;
    button.textContent = `Audio missing: ${name}`;
  }
  return button;
}

/**
 * Puts a button in place of each sound placeholder in text nodes. Inside code (`pre`, `code`) the
 * tag is shown as written; placeholders that ended up in attributes become the tag text.
 */
export function insertSounds(root: HTMLElement, names: string[], media: ((name: string) => string | undefined) | undefined): void {
  const doc = root.ownerDocument;
  const walker = doc.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  const texts: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) if ((n as Text).data.includes(SOUND_OPEN)) texts.push(n as Text);
  for (const node of texts) {
    const literal = !!node.parentElement?.closest('pre, code');
    const value = node.data;
    const frag = doc.createDocumentFragment();
    let last = 0;
    for (const m of value.matchAll(SOUND_PLACEHOLDER)) {
      frag.append(value.slice(last, m.index));
      const name = names[Number(m[1])];
      if (name !== undefined) frag.append(literal ? `[sound:${name}]` : soundButton(doc, name, resolveSound(name, media)));
      last = m.index + m[0].length;
    }
    frag.append(value.slice(last));
    node.replaceWith(frag);
  }
  for (const el of Array.from(root.querySelectorAll('*'))) {
    for (const attr of Array.from(el.attributes)) {
      if (!attr.value.includes(SOUND_OPEN)) continue;
      const value = attr.value.replace(SOUND_PLACEHOLDER, (_, i: string) => {
        const name = names[Number(i)];
        return name === undefined ? '' : `[sound:${name}]`;
      });
      el.setAttribute(attr.name, stripMarkers(value));
    }
  }
}
