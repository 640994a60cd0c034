import { beforeAll, describe, expect, it } from 'vitest';
import type { SqlJsStatic } from 'sql.js';
import type { CardRecord, Deck, Note, ReviewLogRecord } from '../../src/core/types';
import { exportApkg } from '../../src/formats/apkg/export';
import { readApkg } from '../../src/formats/apkg/read';
import { loadSqlJsNode } from '../../src/formats/apkg/sql-node';
import { openZip } from '../../src/formats/shared/zip';
import { TINY_PNG } from '../fixtures/anki-content';

let sql: SqlJsStatic;
beforeAll(async () => {
  sql = await loadSqlJsNode();
});

const NOW = Date.UTC(2025, 0, 10, 12);
const DAY = 86_400_000;

const decks: Deck[] = [
  { id: 'ml', name: 'Interview::ML', description: 'Machine learning', source: 'builtin', createdAt: 0, mtime: 0, usn: 0 },
  { id: 'extra', name: 'Extra', description: '', source: 'user', createdAt: 0, mtime: 0, usn: 0 },
];

function note(id: string, kind: Note['kind'], front: string, back: string, extra: Partial<Note> = {}): Note {
  return { id, deckId: 'ml', kind, format: 'markdown', front, back, tags: ['t 1', 'x'], topics: [], noteTypeId: `pd-${kind}`, fields: [front, back], srcMtime: NOW - DAY, mtime: NOW, usn: 0, ...extra };
}

function card(id: string, noteId: string, ord: number, extra: Partial<CardRecord> = {}): CardRecord {
  return { id, noteId, deckId: 'ml', ord, due: 3, stability: 0, difficulty: 0, elapsed_days: 0, scheduled_days: 0, learning_steps: 0, reps: 0, lapses: 0, state: 0, suspended: false, bucket: 0, mtime: 0, usn: 0, ...extra };
}

const notes: Note[] = [
  note('n-basic', 'basic', 'What is *x*?', 'An <unknown> & thing\nsecond line'),
  note('n-rev', 'reversed', 'dog', 'Hund', { format: 'html', guid: 'AnkiGuid!' }),
  note('n-cloze', 'cloze', 'The {{c1::sun}} is a {{c2::star}}', 'Astronomy'),
  note('n-type', 'type-in', 'Capital of France?', 'Paris is also the largest city.', { answer: 'Paris' }),
];
const cards: CardRecord[] = [
  card('n-basic', 'n-basic', 0, { state: 2, due: NOW + 5 * DAY, stability: 12, difficulty: 4, scheduled_days: 10, reps: 4, lapses: 1, last_review: NOW - 5 * DAY, bucket: 2 }),
  card('n-rev', 'n-rev', 0),
  card('n-rev~1', 'n-rev', 1, { state: 1, due: NOW + 600_000, stability: 1, difficulty: 5, reps: 1, bucket: 1 }),
  card('n-cloze', 'n-cloze', 0),
  card('n-cloze~1', 'n-cloze', 1, { suspended: true, bucket: -1 }),
  card('n-type', 'n-type', 0),
];
const revlog: ReviewLogRecord[] = [
  { id: 'r1', cardId: 'n-basic', deckId: 'ml', time: NOW - 15 * DAY, rating: 3, stateBefore: 0, stateAfter: 1, stabilityBefore: 0, stabilityAfter: 2, difficultyBefore: 0, difficultyAfter: 5, dueBefore: 0, dueAfter: NOW - 15 * DAY + 600_000, scheduledDays: 0, elapsedDays: 0, durationMs: 5000 },
  { id: 'r2', cardId: 'n-basic', deckId: 'ml', time: NOW - 5 * DAY, rating: 3, stateBefore: 1, stateAfter: 2, stabilityBefore: 2, stabilityAfter: 12, difficultyBefore: 5, difficultyAfter: 4, dueBefore: 0, dueAfter: NOW + 5 * DAY, scheduledDays: 10, elapsedDays: 10, durationMs: 3000 },
];

describe('exportApkg', () => {
  it('should write a legacy package that our reader (as Anki would) reads back', async () => {
    const bytes = exportApkg({ decks, notes, cards, revlog, media: [{ id: 'ml/tiny.png', deckId: 'ml', name: 'tiny.png', mime: 'image/png', data: TINY_PNG }] }, { sql, now: NOW });
    expect(openZip(bytes, 'zip file').names).toEqual(['collection.anki2', '0', 'media']);
    const plan = await readApkg(bytes, 'export.apkg', { sql });
    expect(plan.format).toBe('apkg-anki2');
    expect(plan.decks.map((d) => d.name)).toEqual(['Extra', 'Interview', 'Interview::ML']);
    expect(plan.notes.map((n) => n.kind)).toEqual(['basic', 'reversed', 'cloze', 'type-in']);
    expect(plan.notes.map((n) => n.noteType)).toEqual(['Prepdeck Basic', 'Prepdeck Basic (and reversed card)', 'Prepdeck Cloze', 'Prepdeck Type-in']);
    const [basic, rev, cloze, typed] = plan.notes;
    expect(basic).toMatchObject({ front: 'What is *x*?', back: 'An &lt;unknown&gt; &amp; thing<br>second line', tags: ['t_1', 'x'] });
    expect(rev!.guid).toBe('AnkiGuid!');
    expect(rev!.sides?.map((s) => s.front)).toEqual(['dog', 'Hund']);
    expect(cloze).toMatchObject({ front: 'The {{c1::sun}} is a {{c2::star}}', back: 'Astronomy' });
    expect(typed!.answer).toBe('Paris');
    expect(typed!.sides?.[0]?.back).toContain('Paris is also the largest city.');
    expect(plan.cards).toHaveLength(6);
    expect(plan.media.map((m) => m.name)).toEqual(['tiny.png']);
    expect(plan.revlog.map((r) => r.rating)).toEqual([3, 3]);
  });

  it('should carry review state as Anki due days, intervals and ease', async () => {
    const plan = await readApkg(exportApkg({ decks, notes, cards, revlog }, { sql, now: NOW }), 'e.apkg', { sql });
    const review = plan.cards.find((c) => c.schedule?.type === 2)!;
    expect(review.schedule).toMatchObject({ ivlDays: 10, reps: 4, lapses: 1, suspended: false });
    expect(Math.abs(review.schedule!.dueAt - (NOW + 5 * DAY))).toBeLessThan(DAY);
    expect(review.schedule!.factor).toBeGreaterThanOrEqual(1300);
    const learning = plan.cards.find((c) => c.schedule?.type === 1)!;
    expect(learning.schedule!.dueAt).toBe(Math.floor((NOW + 600_000) / 1000) * 1000);
    expect(plan.cards.filter((c) => c.schedule?.suspended)).toHaveLength(1);
  });

  it('should export everything as new without scheduling, and use a Markdown renderer when given', async () => {
    const bytes = exportApkg({ decks, notes, cards, revlog }, { sql, now: NOW, includeScheduling: false, markdownToHtml: (md) => `<p>${md}</p>` });
    const plan = await readApkg(bytes, 'e.apkg', { sql });
    expect(plan.cards.every((c) => c.schedule?.type === 0)).toBe(true);
    expect(plan.revlog).toHaveLength(0);
    expect(plan.notes[0]!.front).toBe('<p>What is *x*?</p>');
  });
});
