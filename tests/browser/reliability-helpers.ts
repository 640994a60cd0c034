/**
 * Shared helpers of the reliability tests: the review-log invariant checked over IndexedDB,
 * a way to change settings before the app reads them, store snapshots, and the Chromium
 * process tree (to kill a browser the way a crash would).
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { CardRecord, ReviewLogRecord, Settings } from '../../src/core/types';
import { countStore, readStore } from './harness';

export const DATA_STORES = ['decks', 'notes', 'cards', 'revlog', 'media', 'stories', 'packs'] as const;

/** Record counts of every data store (what an import or a grade could change). */
export async function storeCounts(page: Page): Promise<Record<(typeof DATA_STORES)[number], number>> {
  const out = {} as Record<(typeof DATA_STORES)[number], number>;
  for (const s of DATA_STORES) out[s] = await countStore(page, s);
  return out;
}

/** Merges `patch` into the stored settings with a raw IndexedDB write (the app reads them at start). */
export async function patchStoredSettings(page: Page, patch: Partial<Settings>): Promise<void> {
  await page.evaluate(
    (p) =>
      new Promise<void>((res, rej) => {
        const req = indexedDB.open('prepdeck');
        req.onerror = () => rej(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const tx = db.transaction('meta', 'readwrite');
          const store = tx.objectStore('meta');
          const get = store.get('settings');
          get.onsuccess = () => store.put({ ...((get.result as object | undefined) ?? {}), ...p }, 'settings');
          tx.oncomplete = () => {
            db.close();
            res();
          };
          tx.onerror = () => rej(tx.error);
        };
      }),
    patch,
  );
}

export const ourReviews = (logs: ReviewLogRecord[]) => logs.filter((l) => l.source !== 'import');

/**
 * The review invariant: a card changed only together with its log entries. For every card, its
 * logs (in time order) form a chain from the card's initial state to its stored state, one rep
 * per entry; a card without logs is exactly its initial self; no log points at a missing card.
 * Returns the problems found (an empty list when the invariant holds).
 */
/**
 * A card's scheduling without what may change with no review of its own: its stamp (an undo
 * writes the card back newly stamped) and sibling burying (answering one card of a note buries
 * the others until the next day, as Anki does).
 */
function scheduling(c: CardRecord): Record<string, unknown> {
  const { mtime: _m, usn: _u, buriedUntil: _b, ...rest } = c;
  return { ...rest, bucket: rest.bucket === -2 ? (rest.suspended ? -1 : rest.state === 0 ? 0 : rest.state === 2 ? 2 : 1) : rest.bucket };
}

export function reviewInvariantProblems(initial: Map<string, CardRecord>, cards: CardRecord[], logs: ReviewLogRecord[]): string[] {
  const problems: string[] = [];
  const byId = new Map(cards.map((c) => [c.id, c]));
  const byCard = new Map<string, ReviewLogRecord[]>();
  for (const l of ourReviews(logs)) {
    if (!byId.has(l.cardId)) problems.push(`log ${l.id} points at missing card ${l.cardId}`);
    const list = byCard.get(l.cardId);
    if (list) list.push(l);
    else byCard.set(l.cardId, [l]);
  }
  for (const card of cards) {
    const start = initial.get(card.id);
    if (!start) continue; // a card that did not exist at the start (not part of this check)
    const chain = (byCard.get(card.id) ?? []).sort((a, b) => a.time - b.time || a.id.localeCompare(b.id));
    if (chain.length === 0) {
      if (JSON.stringify(scheduling(card)) !== JSON.stringify(scheduling(start))) problems.push(`card ${card.id} changed without a log entry`);
      continue;
    }
    if (card.reps !== start.reps + chain.length) problems.push(`card ${card.id}: reps ${card.reps}, but ${chain.length} log entries (started at ${start.reps})`);
    const first = chain[0]!;
    if (first.stateBefore !== start.state || first.dueBefore !== start.due) problems.push(`card ${card.id}: first log does not start from the initial state`);
    for (let i = 1; i < chain.length; i++) {
      const [a, b] = [chain[i - 1]!, chain[i]!];
      if (b.stateBefore !== a.stateAfter || b.dueBefore !== a.dueAfter) problems.push(`card ${card.id}: log ${b.id} does not continue from ${a.id} (graded twice from one state?)`);
    }
    const last = chain[chain.length - 1]!;
    if (card.state !== last.stateAfter || card.due !== last.dueAfter) problems.push(`card ${card.id}: stored state ${card.state}/${card.due} differs from its last log ${last.stateAfter}/${last.dueAfter}`);
  }
  return problems;
}

export async function checkReviewInvariant(page: Page, initial: Map<string, CardRecord>): Promise<{ problems: string[]; reviews: number; gradedCards: number }> {
  const cards = await readStore<CardRecord>(page, 'cards');
  const logs = ourReviews(await readStore<ReviewLogRecord>(page, 'revlog'));
  return { problems: reviewInvariantProblems(initial, cards, logs), reviews: logs.length, gradedCards: new Set(logs.map((l) => l.cardId)).size };
}

/** Linux process table: pid → parent pid and command line. */
function processes(): Map<number, { ppid: number; cmd: string[] }> {
  const out = new Map<number, { ppid: number; cmd: string[] }>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      out.set(Number(d), { ppid, cmd: readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0') });
    } catch {
      /* the process ended while we looked */
    }
  }
  return out;
}

/**
 * The Chromium processes of one profile: the browser process (the only one started with that
 * --user-data-dir and no --type) and every process below it (storage service, renderers, GPU).
 */
export function chromiumProcessTree(profile: string): { browser: number; all: number[] } {
  const ps = processes();
  const browser = [...ps].find(([, p]) => p.cmd.includes(`--user-data-dir=${profile}`) && !p.cmd.some((a) => a.startsWith('--type=')))?.[0];
  if (!browser) throw new Error(`no Chromium browser process found for profile ${profile}`);
  const all = new Set([browser]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, p] of ps)
      if (!all.has(pid) && all.has(p.ppid)) {
        all.add(pid);
        grew = true;
      }
  }
  return { browser, all: [...all] };
}

/** SIGKILLs the given processes (a crash: nothing gets to flush or close) and waits until they are gone. */
export async function killAndWait(pids: number[]): Promise<void> {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  const deadline = Date.now() + 10_000;
  const alive = (pid: number) => {
    if (!existsSync(`/proc/${pid}`)) return false;
    try {
      // A zombie waiting for its parent has ended already.
      return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return false;
    }
  };
  while (pids.some(alive)) {
    if (Date.now() > deadline) throw new Error(`Chromium processes still alive after SIGKILL: ${pids.filter(alive).join(', ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
