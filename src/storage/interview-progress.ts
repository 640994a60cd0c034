/**
 * Where an interview's selection stands today (for its plan): cards never studied (packed ones
 * included) and new cards introduced today, over the selected decks and their sub-decks.
 */
import { CardState, QueueBucket, type Settings } from '../core/types';
import { planStatus, type Interview, type PlanStatus } from '../core/interview-plan';
import { studyDayStart } from '../core/time';
import { openDatabase } from './db';
import { packDirectory } from './pack-format';
import { scopeDecksOf } from './queue';

export interface SelectionProgress {
  unseen: number;
  /** Cards studied at least once (every card of the selection but the unseen ones). */
  seen: number;
  introducedToday: number;
  /** The deck ids the selection covers. */
  deckIds: string[];
}

export async function selectionProgress(decks: readonly string[], now: number, settings: Settings, dbName?: string): Promise<SelectionProgress> {
  const db = await openDatabase(dbName);
  const all = await db.getAll('decks');
  const covered = await scopeDecksOf(db, decks);
  const ids = covered === 'all' ? all.map((d) => d.id) : covered;
  const inSel = new Set(ids);
  const tx = db.transaction(['cards', 'packs', 'revlog']);
  const index = tx.objectStore('cards').index('byDeckBucketDue');
  // Buried new cards (siblings of a card answered today) are unseen too.
  const [counts, buried, packKeys, today, totals] = await Promise.all([
    Promise.all(ids.map((id) => index.count(IDBKeyRange.bound([id, QueueBucket.New, -Infinity], [id, QueueBucket.New, Infinity])))),
    Promise.all(ids.map((id) => index.getAll(IDBKeyRange.bound([id, QueueBucket.Buried, -Infinity], [id, QueueBucket.Buried, Infinity])))),
    tx.objectStore('packs').getAllKeys(),
    tx.objectStore('revlog').index('byTime').getAll(IDBKeyRange.lowerBound(studyDayStart(now, settings.dayStartHour))),
    Promise.all(ids.map((id) => tx.objectStore('cards').index('byDeck').count(id))),
  ]);
  await tx.done;
  const packs = packDirectory(packKeys);
  const buriedNew = buried.flat().filter((c) => c.state === CardState.New).length;
  const unseen = counts.reduce((a, b) => a + b, 0) + buriedNew + ids.reduce((t, id) => t + (packs.get(id)?.cards ?? 0), 0);
  const introduced = new Set(today.filter((l) => l.stateBefore === CardState.New && l.source !== 'import' && inSel.has(l.deckId)).map((l) => l.cardId));
  const packed = ids.reduce((t, id) => t + (packs.get(id)?.cards ?? 0), 0);
  const total = totals.reduce((a, b) => a + b, 0) + packed;
  return { unseen, seen: Math.max(0, total - unseen), introducedToday: introduced.size, deckIds: ids };
}

/** An interview's plan as it stands now: its selection's progress and the plan's status. */
export async function interviewPlan(interview: Interview, now: number, settings: Settings, dbName?: string): Promise<{ progress: SelectionProgress; status: PlanStatus }> {
  const progress = await selectionProgress(interview.decks, now, settings, dbName);
  const status = planStatus({ now, dayStartHour: settings.dayStartHour, interview, unseen: progress.unseen, seen: progress.seen, introducedToday: progress.introducedToday });
  return { progress, status };
}
