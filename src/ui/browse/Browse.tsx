/**
 * Browse: find cards by their text and tags (full-text index in the search worker) with
 * Anki-like filters and sorting, a virtualised list that scrolls through 100k rows, and actions
 * on many cards at once, each undoable.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Deck } from '../../core/types';
import type { BrowseFilters, SortKey } from '../../core/search';
import { nextStudyDayStart, studyDayStart } from '../../core/time';
import { listDecks } from '../../storage';
import { useApp } from '../context';
import { errorMessage } from '../errors';
import { callSearch } from './search-client';
import { Filters } from './Filters';
import { ResultList, Row } from './ResultList';
import { firstBrowseCards } from '../../storage/browse';
import { browseNote, browseRow } from '../../workers/browse-rows';
import type { BrowseNote, BrowseRow } from '../../core/search';
import { BulkBar } from './BulkBar';
import './browse.css';

let statsRecorded = false;

export interface BrowseState {
  query: string;
  filters: BrowseFilters;
  sort: SortKey;
  descending: boolean;
}

export function Browse({ initialQuery, deckId }: { initialQuery: string; deckId?: string | undefined }) {
  const { settings, dataVersion } = useApp();
  const [state, setState] = useState<BrowseState>({ query: initialQuery, filters: {}, sort: 'due', descending: false });
  const [decks, setDecks] = useState<Deck[]>([]);
  /** The newest search: how many it found and its number (the worker keeps the results). */
  const [found, setFound] = useState<{ total: number; seq: number } | null>(null);
  /** Rows read straight from the indexes while the search worker opens (no query, no deck). */
  const [firstPage, setFirstPage] = useState<{ rows: BrowseRow[]; notes: Map<string, BrowseNote> } | null>(null);
  const [ms, setMs] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const searchSeq = useRef(0);

  useEffect(() => {
    void listDecks().then(setDecks);
  }, [dataVersion]);
  useEffect(() => {
    if (initialQuery || deckId) return;
    let live = true;
    void firstBrowseCards(40).then(({ cards, notes }) => live && setFirstPage({ rows: cards.map(browseRow), notes: new Map(notes.map((n) => [n.id, browseNote(n)])) }));
    return () => {
      live = false;
    };
  }, []);

  const run = useCallback(
    async (refresh: boolean) => {
      const seq = ++searchSeq.current;
      const now = Date.now();
      const started = performance.now();
      try {
        const res = await callSearch({
          type: 'search',
          seq,
          refresh,
          request: { ...state, ...(deckId ? { scope: deckId } : {}), ctx: { now, dayStart: studyDayStart(now, settings.dayStartHour), dayEnd: nextStudyDayStart(now, settings.dayStartHour) } },
        });
        if (seq !== searchSeq.current) return;
        setFound({ total: res.total, seq });
        setMs(res.ms);
        setError(null);
        // Read by `npm run bench` (searchP95Ms: query sent → ids back; indexBuildMs).
        performance.measure('prepdeck:search', { start: started });
        performance.measure('prepdeck:search-worker', { start: 0, duration: res.ms });
        // Where a slow round trip waited: before the worker took the query, or after it answered.
        const abs = (t: number) => t - performance.timeOrigin;
        performance.measure('prepdeck:search-queued', { start: started, end: Math.max(started, abs(res.receivedAt)) });
        performance.measure('prepdeck:search-delivered', { start: Math.min(performance.now(), abs(res.doneAt)), end: performance.now() });
        if (!statsRecorded) {
          statsRecorded = true;
          void callSearch({ type: 'open' }).then((st) => {
            if (st.indexBuildMs !== undefined) performance.measure('prepdeck:search-index-build', { start: 0, duration: st.indexBuildMs });
            performance.measure('prepdeck:search-index-open', { start: 0, duration: st.loadMs });
            for (const [name, ms] of Object.entries(st.phases)) performance.measure(`prepdeck:search-index-${st.loaded}-${name}`, { start: 0, duration: ms });
          });
        }
      } catch (e) {
        if (seq === searchSeq.current) setError(errorMessage(e));
      }
    },
    [state, deckId, settings.dayStartHour],
  );

  // Typing: search once the text settles; other changes search at once.
  const lastQuery = useRef(state.query);
  useEffect(() => {
    const typing = lastQuery.current !== state.query;
    lastQuery.current = state.query;
    const t = setTimeout(() => void run(false), typing ? 120 : 0);
    return () => clearTimeout(t);
  }, [run]);
  // Changes elsewhere (an edit, another tab, an import): catch up and search again.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    void run(true);
  }, [dataVersion]);

  const afterChange = useCallback(async () => {
    await run(true);
  }, [run]);

  // On a phone the filters fold away under one line; on a wide screen they stay open.
  const wide = typeof matchMedia === 'function' && matchMedia('(min-width: 700px)').matches;
  const activeFilters = Object.keys(state.filters).length;
  const scopeName = deckId ? (deckId.startsWith('tree:') ? deckId.slice(5) : decks.find((d) => d.id === deckId)?.name) : undefined;
  return (
    <section class="browse" aria-labelledby="browse-title">
      <div class="browse-head">
        <h1 id="browse-title">Browse{scopeName ? `: ${scopeName}` : ''}</h1>
        <a class="btn btn-small" href={deckId && !deckId.startsWith('tree:') ? `#/add?deck=${encodeURIComponent(deckId)}` : '#/add'}>
          Add card
        </a>
      </div>
      <label class="browse-search">
        <span class="visually-hidden">Search</span>
        <input
          type="search"
          aria-label="Search"
          placeholder="Search text and tags (tag:sql is:review deck:Algorithms)"
          value={state.query}
          autocomplete="off"
          enterkeyhint="search"
          onInput={(e) => setState({ ...state, query: (e.target as HTMLInputElement).value })}
        />
      </label>
      <details class="browse-filters-box" open={wide}>
        <summary>
          Filters and sort{activeFilters ? ` (${activeFilters} on)` : ''}
        </summary>
        <Filters state={state} setState={setState} decks={decks} />
      </details>
      {error && (
        <div class="banner banner-error" role="alert">
          {error}
        </div>
      )}
      <p class="muted browse-count" role="status">
        {found === null ? 'Loading the search index…' : `${found.total.toLocaleString()} card${found.total === 1 ? '' : 's'}${ms !== null ? ` · ${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms` : ''}`}
      </p>
      {found !== null && selected.size > 0 && <BulkBar selected={selected} setSelected={setSelected} decks={decks} onChanged={afterChange} />}
      {found !== null && <ResultList total={found.total} seq={found.seq} decks={decks} selected={selected} setSelected={setSelected} dayStartHour={settings.dayStartHour} />}
      {found === null && firstPage && (
        <div class="browse-list" role="list" aria-label="Cards" aria-busy="true">
          <div style={{ position: 'relative', height: `${firstPage.rows.length * 76}px` }}>
            {firstPage.rows.map((r, i) => (
              <Row key={r.id} row={r} note={firstPage.notes.get(r.noteId)} top={i * 76} selected={false} toggle={() => undefined} deckName={decks.find((d) => d.id === r.deckId)?.name ?? r.deckId} dayStartHour={settings.dayStartHour} />
            ))}
          </div>
        </div>
      )}
    </section>
  );
}
