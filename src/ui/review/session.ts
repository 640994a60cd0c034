/**
 * The review session's state machine, without any DOM: which card is up, grading, undo.
 * It holds no business rules of its own: scheduling is core's, persistence is storage's.
 */
import { parseCustomScope } from '../../core/custom-study';
import { gradeCard } from '../../core/scheduler';
import { afterGrade, afterUndo, pickNext, queueCounts, withoutCards, type QueueCounts, type StudyQueue } from '../../core/queue';
import type { CardRecord, Note, Rating, Settings } from '../../core/types';
import { settingsByDeck } from '../../storage/presets';
import { commitReview, loadStudyQueue, restoreCards, revertNote, setCards, undoReview, StaleCardError, type CardAction } from '../../storage';
import { nextStudyDayStart } from '../../core/time';
import { ErrorCode, isAppError } from '../../core/errors';

/** What undo can take back, newest last: a grade (with the siblings it buried) or a card action. */
export type UndoEntry =
  | { kind: 'grade'; before: CardRecord; logId: string; buried: CardRecord[] }
  | { kind: 'cards'; label: string; before: CardRecord[]; requeue: boolean }
  | { kind: 'note'; before: Note };

/** What an undo did, for the screen: which card to show and what to say. */
export interface Undone {
  label: string;
  card: CardRecord | null;
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
  /** The note of the card answered last: its siblings never come straight after it. */
  private lastNoteId: string | undefined;

  /** A cram session (custom study): answers are not written; Again sends a card to the end. */
  readonly cram: boolean;

  constructor(
    readonly scope: string,
    private readonly dbName?: string,
  ) {
    this.cram = parseCustomScope(scope)?.cram ?? false;
  }

  /** Each deck's scheduling options (its preset over the app-wide settings). */
  private deckSettings: (deckId: string) => Settings = () => this.base!;
  private base: Settings | undefined;

  async load(now: number, settings: Settings): Promise<void> {
    const [queue, byDeck] = await Promise.all([loadStudyQueue(this.scope, now, settings, this.dbName), settingsByDeck(settings, this.dbName)]);
    this.queue = queue;
    this.base = settings;
    this.deckSettings = byDeck;
  }

  /** The options a card is scheduled with: its deck's preset. */
  settingsFor(card: CardRecord, fallback: Settings): Settings {
    return this.base ? this.deckSettings(card.deckId) : fallback;
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
    const pick = pickNext(this.queue, now, this.lastNoteId);
    if (!pick) return { kind: 'done' };
    if ('card' in pick) return { kind: 'card', card: pick.card };
    return { kind: 'wait', until: pick.waitUntil };
  }

  /**
   * Grades `card` and commits card + log in one transaction. If another tab answered the card
   * first, the queue is reloaded from storage and `false` is returned.
   */
  async grade(card: CardRecord, rating: Rating, now: number, durationMs: number, settings: Settings, mayHaveSiblings = true): Promise<boolean> {
    if (this.cram) {
      const rest = this.queue!.main.filter((c) => c.id !== card.id);
      this.queue = { ...this.queue!, main: rating === 1 ? [...rest, card] : rest };
      this.lastNoteId = card.noteId;
      this.answered++;
      return true;
    }
    const own = this.settingsFor(card, settings);
    const { card: after, log } = gradeCard(card, rating, now, durationMs, own, newLogId(now, card.id));
    const bury = { new: own.buryNewSiblings, review: own.buryReviewSiblings, until: nextStudyDayStart(now, settings.dayStartHour) };
    let committed;
    try {
      // A note with one card has no siblings to bury: the grade skips looking for them.
      committed = await commitReview(card, after, log, now, mayHaveSiblings ? bury : undefined, this.dbName);
    } catch (e) {
      if (e instanceof StaleCardError) {
        await this.load(now, settings);
        return false;
      }
      throw e;
    }
    this.remember({ kind: 'grade', before: card, logId: log.id, buried: committed.buried });
    this.queue = withoutCards(afterGrade(this.queue!, committed.card), new Set(committed.buried.map((c) => c.id)));
    // Buried siblings no longer take today's places: read the queue again so that other cards
    // take them, as the deck list (and any other tab) counts them.
    if (committed.buried.length) await this.load(now, settings);
    this.lastNoteId = card.noteId;
    this.answered++;
    return true;
  }

  private remember(entry: UndoEntry): void {
    this.undoStack.push(entry);
    if (this.undoStack.length > 50) this.undoStack.shift();
  }

  /**
   * Suspends, buries or flags `card` (review-time actions); suspended and buried cards leave
   * today's queue. Undo puts them back. Returns the card as stored now.
   */
  async act(card: CardRecord, action: CardAction, label: string, now: number): Promise<void> {
    const before = await setCards([card.id], action, now, this.dbName);
    const requeue = action.kind === 'suspend' || action.kind === 'bury';
    if (before.length) this.remember({ kind: 'cards', label, before, requeue });
    if (requeue) this.queue = withoutCards(this.queue!, new Set([card.id]));
  }

  /** An edit made from the review (the note as it was), so that undo covers it too. */
  rememberEdit(before: Note): void {
    this.remember({ kind: 'note', before });
  }

  /** Undoes the newest grade or action of this session; a restored card is up next. */
  async undo(now: number): Promise<Undone | null> {
    const entry = this.undoStack.pop();
    if (!entry) return null;
    try {
      if (entry.kind === 'grade') await undoReview(entry.before, entry.logId, now, entry.buried, this.dbName);
      else if (entry.kind === 'note') await revertNote(entry.before, now, this.dbName);
      else await restoreCards(entry.before, now, this.dbName);
    } catch (e) {
      // A review that is gone or was overtaken in another tab can never be undone: drop it.
      if (!(isAppError(e) && (e.code === ErrorCode.NotFound || e.code === ErrorCode.Conflict))) this.undoStack.push(entry);
      throw e;
    }
    if (entry.kind === 'grade') {
      this.queue = afterUndo(this.queue!, entry.before);
      for (const sib of entry.buried) this.queue = { ...this.queue, main: [...this.queue.main, sib] };
      this.answered = Math.max(0, this.answered - 1);
      this.lastNoteId = undefined;
      return { label: 'answer', card: entry.before };
    }
    if (entry.kind === 'note') return { label: 'edit', card: null };
    const card = entry.before[0]!;
    if (entry.requeue) this.queue = afterUndo(this.queue!, card);
    return { label: entry.label, card: entry.requeue ? card : null };
  }
}
