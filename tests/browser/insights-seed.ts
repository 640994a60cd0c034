/**
 * Gives the built-in cards of a fresh profile a study history, from inside the page (the app's
 * own database): for each chosen area, some cards become review cards with a stability, a last
 * review and a log of reviews over the past weeks. Deterministic (a seeded generator), so the
 * Stats and Readiness screens show the same figures on every run.
 */
import type { Page } from 'playwright-core';

export interface SeedOptions {
  /** Area letter → share of its cards to mark as studied (0–1). */
  areas: Record<string, number>;
  /** Days of history before `now`. */
  days: number;
  now: number;
  seed?: number;
}

export async function seedHistory(page: Page, opts: SeedOptions): Promise<{ cards: number; reviews: number }> {
  return page.evaluate(
    ({ areas, days, now, seed }) =>
      new Promise<{ cards: number; reviews: number }>((resolve, reject) => {
        let s = seed >>> 0 || 1;
        const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
        const DAY = 86_400_000;
        const req = indexedDB.open('prepdeck');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const read = db.transaction(['notes', 'cards', 'meta']);
          const notesReq = read.objectStore('notes').getAll();
          const cardsReq = read.objectStore('cards').getAll();
          const usnReq = read.objectStore('meta').get('usn');
          read.oncomplete = () => {
            const areaOf = new Map<string, string>();
            for (const n of notesReq.result as { id: string; topics?: string[] }[]) if (n.topics?.[0]) areaOf.set(n.id, n.topics[0].split('.')[0]!);
            const usn = ((usnReq.result as number | undefined) ?? 0) + 1;
            const tx = db.transaction(['cards', 'revlog', 'meta'], 'readwrite');
            let cards = 0;
            let reviews = 0;
            for (const c of cardsReq.result as Record<string, unknown>[]) {
              const share = areas[areaOf.get(c.noteId as string) ?? ''] ?? 0;
              if (!(rand() < share)) continue;
              const first = now - Math.floor((0.3 + 0.7 * rand()) * days) * DAY - Math.floor(rand() * 8) * 3_600_000;
              let t = first;
              let stability = 1 + rand() * 2;
              let state = 0;
              let last = first;
              let ivl = 0;
              let n = 0;
              while (t < now) {
                const again = state === 2 && rand() < 0.12;
                const rating = state === 0 ? 3 : again ? 1 : rand() < 0.1 ? 2 : rand() < 0.15 ? 4 : 3;
                tx.objectStore('revlog').put({
                  id: `seed-${c.id as string}-${n}`,
                  cardId: c.id,
                  deckId: c.deckId,
                  time: t,
                  rating,
                  stateBefore: state,
                  stateAfter: again ? 3 : 2,
                  stabilityBefore: state ? stability : 0,
                  stabilityAfter: stability,
                  difficultyBefore: 5,
                  difficultyAfter: 5,
                  dueBefore: t,
                  dueAfter: t + ivl * DAY,
                  scheduledDays: ivl,
                  elapsedDays: ivl,
                  durationMs: 3000 + Math.floor(rand() * 20_000),
                  source: 'review',
                });
                reviews++;
                n++;
                last = t;
                stability = again ? Math.max(1, stability * 0.4) : stability * (2 + rand() * 1.5);
                ivl = Math.max(1, Math.round(stability));
                state = 2;
                t += ivl * DAY + Math.floor(rand() * 3) * 3_600_000;
              }
              cards++;
              const difficulty = 2 + rand() * 7;
              tx.objectStore('cards').put({ ...c, state: 2, bucket: 2, stability, difficulty, scheduled_days: ivl, elapsed_days: 0, reps: n, last_review: last, due: last + ivl * DAY, mtime: now, usn });
            }
            tx.objectStore('meta').put(usn, 'usn');
            tx.oncomplete = () => {
              db.close();
              resolve({ cards, reviews });
            };
            tx.onerror = () => reject(tx.error);
          };
        };
      }),
    { ...opts, seed: opts.seed ?? 7 },
  );
}
