/**
 * What a mock interview draws from: the built-in notes of the chosen areas (each with its first
 * card, studied or not; suspended ones left out).
 */
import { openDatabase } from './db';
import type { Candidate } from '../core/mock-interview';

export async function mockCandidates(areas: readonly string[], dbName?: string): Promise<Candidate[]> {
  const db = await openDatabase(dbName);
  const decks = (await db.getAll('decks')).filter((d) => d.source === 'builtin');
  const tx = db.transaction(['notes', 'cards']);
  const notes = (await Promise.all(decks.map((d) => tx.objectStore('notes').index('byDeck').getAll(d.id)))).flat().filter((n) => n.topics?.[0] && areas.includes(n.topics[0].split('.')[0]!));
  const cards = await Promise.all(notes.map((n) => tx.objectStore('cards').index('byNote').getAll(n.id)));
  await tx.done;
  const out: Candidate[] = [];
  notes.forEach((n, i) => {
    const card = cards[i]!.filter((c) => !c.suspended).sort((a, b) => a.ord - b.ord)[0];
    if (card) out.push({ cardId: card.id, noteId: n.id, topic: n.topics[0]!, story: n.story === true });
  });
  return out;
}
