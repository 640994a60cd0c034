/**
 * The review session's state machine, without any DOM: which card is up, grading, undo.
 * It holds no business rules of its own: scheduling is core's, persistence is storage's.
 */
import { gradeCard } from '../core/scheduler';
import { afterGrade, afterUndo, pickNext, queueCounts, type QueueCounts, type StudyQueue } from '../core/queue';
import type { CardRecord, Rating, Settings } from '../core/types';
import { commitReview, loadStudyQueue, undoReview, StaleCardError } from '../storage';
import { ErrorCode, isAppError } from '../core/errors';

export interface UndoEntry {
  before: CardRecord;
  logId: string;
}

export type Up = { kind: 'card'; card: CardRecord } | { kind: 'wait'; until: number } | { kind: 'done' };

let logCounter = 0;
function newLogId(now: number, cardId: string): string {
  logCounter = (logCounter + 1) % 1_000_000;
  const rand = Math.floor(Math.random() * 0x100000000).toString(36);
  return `r${now.toString(36)}-${logCounter.toString(36)}-${rand}-${cardId}`;
}

export class ReviewSession {
  private queue: StudyQueue | null = null;
  readonly undoStack: UndoEntry[] = [];
  answered = 0;

  constructor(
    readonly scope: string,
    private readonly dbName?: string,
  ) {}

  async load(now: number, settings: Settings): Promise<void> {
    this.queue = await loadStudyQueue(this.scope, now, settings, this.dbName);
  }

  counts(): QueueCounts {
    return this.queue ? queueCounts(this.queue) : { new: 0, learning: 0, review: 0 };
  }

  /**
   * The cards that can come up next: the first few learning and main-queue cards, the one on
   * screen included. The screen prepares them while the user reads, so that a grade only has
   * to wait for its own transaction.
   */
  upcoming(count: number): CardRecord[] {
    if (!this.queue) return [];
    const out = new Map<string, CardRecord>();
    for (const c of [...this.queue.learning.slice(0, count), ...this.queue.main.slice(0, count)]) out.set(c.id, c);
    return [...out.values()];
  }

  next(now: number): Up {
    if (!this.queue) return { kind: 'done' };
    const pick = pickNext(this.queue, now);
    if (!pick) return { kind: 'done' };
    if ('card' in pick) return { kind: 'card', card: pick.card };
    return { kind: 'wait', until: pick.waitUntil };
  }

  /**
   * Grades `card` and commits card + log in one transaction. If another tab answered the card
   * first, the queue is reloaded from storage and `false` is returned.
   */
  async grade(card: CardRecord, rating: Rating, now: number, durationMs: number, settings: Settings): Promise<boolean> {
    const { card: after, log } = gradeCard(card, rating, now, durationMs, settings, newLogId(now, card.id));
    try {
      await commitReview(card, after, log, this.dbName);
    } catch (e) {
      if (e instanceof StaleCardError) {
        await this.load(now, settings);
        return false;
      }
      throw e;
    }
    this.undoStack.push({ before: card, logId: log.id });
    if (this.undoStack.length > 50) this.undoStack.shift();
    this.queue = afterGrade(this.queue!, after);
    this.answered++;
    return true;
  }

  /** Undoes the last grade of this session; the restored card is up next. */
  async undo(): Promise<CardRecord | null> {
    const entry = this.undoStack.pop();
    if (!entry) return null;
    try {
      await undoReview(entry.before, entry.logId, this.dbName);
    } catch (e) {
      // A review that is gone or was overtaken in another tab can never be undone: drop it.
      if (!(isAppError(e) && (e.code === ErrorCode.NotFound || e.code === ErrorCode.Conflict))) this.undoStack.push(entry);
      throw e;
    }
    this.queue = afterUndo(this.queue!, entry.before);
    this.answered = Math.max(0, this.answered - 1);
    return entry.before;
  }
}
