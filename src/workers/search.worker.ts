/**
 * The search worker: keeps Browse's index (search-index.ts) off the main thread. On open it
 * loads the saved index (or builds one), catches up with the change feed, and saves it back
 * after changes; a search returns card ids in order, and rows are sent for what is on screen.
 */
import { changesSince, listDecks } from '../storage';
import { loadSearchSnapshot, readBrowseSource, saveSearchSnapshot } from '../storage/browse';
import { INDEX_VERSION, SearchIndex, type SavedIndex, type SearchResult } from './search-index';
import type { SearchWorkerRequest, SearchWorkerResponse } from './search-protocol';

let index: SearchIndex | undefined;
let opening: Promise<SearchIndex> | undefined;
let saveTimer: ReturnType<typeof setTimeout> | undefined;
/** The newest search's results, by its sequence number (a list asks for windows of them). */
let lastSearch: { seq: number; result: SearchResult | undefined } = { seq: -1, result: undefined };
const stats = { indexBuildMs: undefined as number | undefined, loadMs: 0, loaded: 'built' as 'built' | 'saved', phases: {} as Record<string, number> };

/**
 * Saving is heavy at 100k cards (a second of the worker's time to gather the index): it waits
 * until the worker has had nothing to do for a while, and any request pushes it back, so a
 * query is never stuck behind a save.
 */
let savePending = false;
function scheduleSave(): void {
  savePending = true;
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => {
    savePending = false;
    if (!index) return;
    try {
      void saveSearchSnapshot(index.save()).catch((e: unknown) => console.error('search index not saved:', (e as Error)?.name, (e as Error)?.message));
    } catch (e) {
      console.error('search index not saved:', (e as Error)?.name, (e as Error)?.message);
    }
  }, 3000);
}

async function refresh(s: SearchIndex): Promise<number> {
  const [changes, decks] = await Promise.all([changesSince(s.usn), listDecks()]);
  const n = s.apply(changes, decks);
  if (n) scheduleSave();
  return n;
}

async function open(): Promise<SearchIndex> {
  if (index) return index;
  opening ??= (async () => {
    const started = performance.now();
    let mark = started;
    const phase = (name: string) => {
      const now = performance.now();
      stats.phases[name] = Math.round(now - mark);
      mark = now;
    };
    const saved = await loadSearchSnapshot<SavedIndex>().catch((e: unknown) => {
      // A saved index that cannot be read is rebuilt; the reason is kept for the figures.
      stats.phases[`read-failed: ${(e as Error)?.name ?? 'error'} ${(e as Error)?.message ?? ''}`.slice(0, 120)] = 0;
      return undefined;
    });
    if (saved && saved.version !== INDEX_VERSION) stats.phases[`read: version ${saved.version}`] = 0;
    if (!saved) stats.phases['read: none'] = 0;
    phase('read');
    let s: SearchIndex;
    if (saved && saved.version === INDEX_VERSION) {
      s = SearchIndex.load(saved, await listDecks());
      phase('load');
      stats.loaded = 'saved';
      await refresh(s);
      phase('catch-up');
    } else {
      const src = await readBrowseSource();
      const t = performance.now();
      s = SearchIndex.build(src.notes, src.cards, src.decks, src.usn);
      stats.indexBuildMs = performance.now() - t;
      stats.loaded = 'built';
      // Anything written while the collection was read is caught up at once.
      await refresh(s);
      scheduleSave();
    }
    s.warm();
    phase('sort');
    stats.loadMs = performance.now() - started;
    index = s;
    return s;
  })();
  return opening;
}

function post(msg: SearchWorkerResponse): void {
  (self as unknown as Worker).postMessage(msg);
}

self.addEventListener('message', (e: MessageEvent<SearchWorkerRequest>) => {
  const req = e.data;
  const receivedAt = performance.timeOrigin + performance.now();
  if (savePending) scheduleSave();
  void (async () => {
    try {
      const s = await open();
      switch (req.type) {
        case 'open':
          return post({ id: req.id, ok: true, result: { cards: s.rows.size, notes: s.notes.size, ...stats } });
        case 'refresh':
          return post({ id: req.id, ok: true, result: await refresh(s) });
        case 'search': {
          if (req.refresh) await refresh(s);
          const t = performance.now();
          const result = s.search(req.request);
          lastSearch = { seq: req.seq, result };
          return post({ id: req.id, ok: true, result: { total: result.length, ms: performance.now() - t, receivedAt, doneAt: performance.timeOrigin + performance.now() } });
        }
        case 'ids':
          return post({ id: req.id, ok: true, result: req.seq === lastSearch.seq ? (lastSearch.result?.ids() ?? []) : [] });
        case 'rows': {
          const rows = req.ids
            ? req.ids.map((id) => s.rows.get(id)).filter((r) => r !== undefined)
            : req.seq === lastSearch.seq && lastSearch.result
              ? lastSearch.result.rows(req.from ?? 0, req.to ?? 0)
              : [];
          const notes = [...new Set(rows.map((r) => r.noteId))].map((id) => s.notes.get(id)).filter((n) => n !== undefined);
          return post({ id: req.id, ok: true, result: { rows, notes } });
        }
      }
    } catch (err) {
      post({ id: req.id, ok: false, error: { name: (err as Error).name, message: (err as Error).message } });
    }
  })();
});
