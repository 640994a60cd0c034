/**
 * Interviews in storage and their sessions: the list survives and sorts by date; a selection's
 * progress counts unseen cards (buried new siblings included) and today's new ones; the plan
 * session gives the decks' due cards then today's new ones; the fading session orders seen cards
 * by predicted recall on the day.
 */
import { describe, expect, it } from 'vitest';
import { applyBuiltinDeck, commitReview, loadStudyQueue, openDatabase } from '../../src/storage';
import { deleteInterview, listInterviews, saveInterview } from '../../src/storage/interviews';
import { selectionProgress } from '../../src/storage/interview-progress';
import { customScope } from '../../src/core/custom-study';
import { gradeCard } from '../../src/core/scheduler';
import { CardState, type CardRecord } from '../../src/core/types';
import type { Interview } from '../../src/core/interview-plan';
import { freshDbName, sampleDeck, settings } from './helpers';

const NOW = Date.parse('2026-11-22T09:00:00Z');
const DAY = 86_400_000;
const iv = (id: string, date: string): Interview => ({ id, date, decks: [], targetRecall: 0.9, createdAt: NOW, startDay: 0, unseenAtStart: 0 });

describe('interviews', () => {
  it('are kept in date order, replaced by id, and removed', async () => {
    const db = freshDbName('iv-list');
    await saveInterview(iv('b', '2026-12-20'), db);
    await saveInterview(iv('a', '2026-12-10'), db);
    await saveInterview({ ...iv('b', '2026-12-20'), company: 'Acme' }, db);
    expect((await listInterviews(db)).map((i) => [i.id, i.company])).toEqual([
      ['a', undefined],
      ['b', 'Acme'],
    ]);
    await deleteInterview('a', db);
    expect((await listInterviews(db)).map((i) => i.id)).toEqual(['b']);
  });

  it('progress: unseen cards of the chosen decks and the new ones introduced today', async () => {
    const db = freshDbName('iv-progress');
    await applyBuiltinDeck(sampleDeck('a', 6), NOW - DAY, db);
    await applyBuiltinDeck(sampleDeck('b', 4), NOW - DAY, db);
    const [c0] = (await (await openDatabase(db)).getAll('cards')).filter((c) => c.deckId === 'a');
    const { card, log } = gradeCard(c0!, 4, NOW, 1000, settings(), 'l1');
    await commitReview(c0!, card, log, NOW, undefined, db);
    expect(await selectionProgress(['a'], NOW, settings(), db)).toMatchObject({ unseen: 5, seen: 1, introducedToday: 1, deckIds: ['a'] });
    expect(await selectionProgress([], NOW, settings(), db)).toMatchObject({ unseen: 9, introducedToday: 1 });
  });

  it('the plan session: due cards first, then today’s new ones; the fading session: weakest on the day first', async () => {
    const db = freshDbName('iv-sessions');
    await applyBuiltinDeck(sampleDeck('a', 6), NOW - 30 * DAY, db);
    const raw = await openDatabase(db);
    const cards = await raw.getAll('cards');
    const review = (c: CardRecord, due: number, stability: number, last: number): CardRecord => ({ ...c, state: CardState.Review, bucket: 2, stability, difficulty: 5, scheduled_days: 5, last_review: last, due });
    await raw.put('cards', review(cards[0]!, NOW - DAY, 30, NOW - 10 * DAY));
    await raw.put('cards', review(cards[1]!, NOW + 5 * DAY, 2, NOW - 2 * DAY));
    const plan = await loadStudyQueue(customScope({ kind: 'plan', deck: 'all', decks: ['a'], newCards: 2, cram: false, limit: 500 }), NOW, settings(), db);
    expect(plan.main.map((c) => c.id)).toEqual([cards[0]!.id, cards[2]!.id, cards[3]!.id]);
    const fading = await loadStudyQueue(customScope({ kind: 'fading', deck: 'all', decks: ['a'], at: NOW + 10 * DAY, cram: true, limit: 50 }), NOW, settings(), db);
    // Stability 2 fades faster than stability 30.
    expect(fading.main.map((c) => c.id)).toEqual([cards[1]!.id, cards[0]!.id]);
  });
});
