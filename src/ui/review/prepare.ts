/** Card fronts prepared ahead of time: note, media URLs and rendered HTML. */
import type { CardRecord, Note } from '../../core/types';
import { getMediaBlobs, getNote, getNoteType } from '../../storage';

type Render = typeof import('../../render');

/** Note types already looked up (imported types carry CSS the renderer scopes to the card). */
const noteTypes = new Map<string, Promise<unknown>>();

/**
 * Makes the note's type known to the renderer (its CSS), once per type id. Built-in types have
 * no CSS: nothing is read for them. A failed read only costs the styling.
 */
export function loadNoteType(note: Note, render: Render): Promise<unknown> {
  if (note.format !== 'html' || note.noteTypeId.startsWith('pd-')) return Promise.resolve();
  let p = noteTypes.get(note.noteTypeId);
  if (!p) {
    p = getNoteType(note.noteTypeId).then(
      (nt) => nt && render.rememberNoteType(nt),
      () => noteTypes.delete(note.noteTypeId),
    );
    noteTypes.set(note.noteTypeId, p);
  }
  return p;
}

/** Media blobs referenced by a note, as object URLs that are revoked when the card changes. */
export async function mediaResolver(note: Note, names: string[]): Promise<{ resolve: (n: string) => string | undefined; revoke: () => void }> {
  const blobs = await getMediaBlobs(note.deckId, names);
  const urls = new Map([...blobs].map(([name, blob]) => [name, URL.createObjectURL(blob)]));
  return { resolve: (n) => urls.get(n), revoke: () => urls.forEach((u) => URL.revokeObjectURL(u)) };
}

/** A card's front, rendered ahead of time (with its note and media URLs) or on demand. */
export interface Prepared {
  note: Note;
  front: string;
  typeAnswer: string | undefined;
  revoke: () => void;
}

export async function prepareFront(card: CardRecord): Promise<Prepared> {
  const note = await getNote(card.noteId);
  if (!note) throw new Error(`The note of card ${card.id} is missing.`);
  const render = await import('../../render');
  const [media] = await Promise.all([mediaResolver(note, render.referencedMedia(note)), loadNoteType(note, render)]);
  try {
    const front = await render.renderSide({ note, ord: card.ord, side: 'front', media: media.resolve });
    const typeAnswer = render.expectedTypedAnswer(note, card.ord);
    return { note, front, typeAnswer, revoke: media.revoke };
  } catch (e) {
    media.revoke();
    throw e;
  }
}

/** How many upcoming cards are prepared while the user reads the current one. */
export const PREPARE_AHEAD = 2;


/** Both sides of a card again (after an edit), with the media they show. */
export async function renderSides(note: Note, ord: number, withBack: boolean, typed: string): Promise<{ front: string; back: string | null; revoke: () => void }> {
  const render = await import('../../render');
  const [media] = await Promise.all([mediaResolver(note, render.referencedMedia(note)), loadNoteType(note, render)]);
  const front = await render.renderSide({ note, ord, side: 'front', media: media.resolve });
  const back = withBack ? await render.renderSide({ note, ord, side: 'back', typed, media: media.resolve }) : null;
  return { front, back, revoke: media.revoke };
}

/** Whether a note can have more than one card (only then can answering one bury others). */
export function hasSiblings(note: Note): boolean {
  return note.kind === 'reversed' || note.kind === 'cloze' || (note.sides?.length ?? 0) > 1;
}
