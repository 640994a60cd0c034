/**
 * A focused session on one content-map subtopic (the study scope `topic:<id>`, started from the
 * Readiness screen): that subtopic's learning cards, then its due and overdue reviews (most
 * overdue first), then up to FOCUS_NEW_CARDS of its new cards in deck order. The user asked for
 * this subtopic, so the decks' daily limits do not cut it short; answers still count towards
 * today's totals like any other.
 */
import { QueueBucket, type CardRecord, type Settings } from '../core/types';
import { nextStudyDayStart } from '../core/time';
import { learningHorizon, type StudyQueue } from '../core/queue';
import { openDatabase } from './db';

export const TOPIC_SCOPE = 'topic:';
export const FOCUS_NEW_CARDS = 20;

export const isTopicScope = (scope: string) => scope.startsWith(TOPIC_SCOPE);

/**
 * Subtopics belong to built-in notes, which always sit in the indexed stores (packs hold only
 * large imports), so the built-in decks' notes are read and their cards found by note.
 */
export async function loadTopicQueue(scope: string, now: number, settings: Settings, dbName?: string): Promise<StudyQueue> {
  const topic = scope.slice(TOPIC_SCOPE.length);
  const db = await openDatabase(dbName);
  const dayEnd = nextStudyDayStart(now, settings.dayStartHour);
  const builtin = (await db.getAll('decks')).filter((d) => d.source === 'builtin');
  const tx = db.transaction(['notes', 'cards']);
  const notes = (await Promise.all(builtin.map((d) => tx.objectStore('notes').index('byDeck').getAll(d.id)))).flat().filter((n) => n.topics?.includes(topic));
  const cards = (await Promise.all(notes.map((n) => tx.objectStore('cards').index('byNote').getAll(n.id)))).flat();
  await tx.done;
  const byDue = (a: CardRecord, b: CardRecord) => a.due - b.due || (a.id < b.id ? -1 : 1);
  const learning = cards.filter((c) => c.bucket === QueueBucket.Learning && c.due < learningHorizon(dayEnd, now)).sort(byDue);
  const review = cards.filter((c) => c.bucket === QueueBucket.Review && c.due < dayEnd).sort(byDue);
  const fresh = cards.filter((c) => c.bucket === QueueBucket.New).sort(byDue).slice(0, FOCUS_NEW_CARDS);
  return { learning, main: [...review, ...fresh], dayEnd };
}
