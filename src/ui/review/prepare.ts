/** Card fronts prepared ahead of time: note, media URLs and rendered HTML. */
import type { CardRecord, Note } from '../../core/types';
import { getMediaBlobs, getNote } from '../../storage';

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
  const media = await mediaResolver(note, render.referencedMedia(note));
  try {
    const front = await render.renderSide({ note, ord: card.ord, side: 'front', media: media.resolve });
    const typeAnswer = note.kind === 'type-in' && note.format === 'markdown' ? note.answer : note.sides?.[card.ord]?.typeAnswer;
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
  const media = await mediaResolver(note, render.referencedMedia(note));
  const front = await render.renderSide({ note, ord, side: 'front', media: media.resolve });
  const back = withBack ? await render.renderSide({ note, ord, side: 'back', typed, media: media.resolve }) : null;
  return { front, back, revoke: media.revoke };
}

/** Whether a note can have more than one card (only then can answering one bury others). */
export function hasSiblings(note: Note): boolean {
  return note.kind === 'reversed' || note.kind === 'cloze' || (note.sides?.length ?? 0) > 1;
}
