/**
 * The results as a virtualised list: only the rows in view (and a few around them) are in the
 * DOM, and their details come from the search worker a window at a time, so 100k results scroll
 * like 100.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { CardState, QueueBucket, type Deck } from '../../core/types';
import type { BrowseNote, BrowseRow } from '../../core/search';
import { describeDue } from '../../core/time';
import { href } from '../router';
import { callSearch } from './search-client';

const ROW = 76;
const OVERSCAN = 8;
const FLAG_NAMES = ['', 'Red flag', 'Orange flag', 'Green flag', 'Blue flag'];

interface Props {
  ids: string[];
  /** Bumped with every new search: cached row details are read again. */
  version: number;
  decks: Deck[];
  selected: Set<string>;
  setSelected: (s: Set<string>) => void;
  dayStartHour: number;
}

function stateText(r: BrowseRow, now: number, dayStartHour: number): string {
  if (r.bucket === QueueBucket.Suspended) return 'Suspended';
  if (r.bucket === QueueBucket.Buried) return 'Buried';
  if (r.state === CardState.New) return 'New';
  return `${r.state === CardState.Review ? 'Review' : 'Learning'}, due ${describeDue(r.due, now, dayStartHour)}`;
}

export function ResultList({ ids, version, decks, selected, setSelected, dayStartHour }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const [scroll, setScroll] = useState(0);
  const [height, setHeight] = useState(600);
  const [cache, setCache] = useState<{ version: number; rows: Map<string, BrowseRow>; notes: Map<string, BrowseNote> }>({ version: -1, rows: new Map(), notes: new Map() });
  const deckNames = useMemo(() => new Map(decks.map((d) => [d.id, d.name])), [decks]);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setHeight(el.clientHeight || 600);
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  useEffect(() => {
    box.current?.scrollTo({ top: 0 });
    setScroll(0);
  }, [version]);

  const from = Math.max(0, Math.floor(scroll / ROW) - OVERSCAN);
  const to = Math.min(ids.length, Math.ceil((scroll + height) / ROW) + OVERSCAN);
  const visible = ids.slice(from, to);

  // Row details for what is in view; a new search starts a fresh cache.
  useEffect(() => {
    const fresh = cache.version !== version;
    const missing = fresh ? visible : visible.filter((id) => !cache.rows.has(id));
    if (!missing.length) return;
    let live = true;
    void callSearch({ type: 'rows', ids: missing }).then((res) => {
      if (!live) return;
      setCache((c) => {
        const base = c.version === version ? c : { version, rows: new Map<string, BrowseRow>(), notes: new Map<string, BrowseNote>() };
        const rows = new Map(base.rows);
        const notes = new Map(base.notes);
        for (const r of res.rows) rows.set(r.id, r);
        for (const n of res.notes) notes.set(n.id, n);
        return { version, rows, notes };
      });
    });
    return () => {
      live = false;
    };
  }, [from, to, version, ids]);

  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };
  const allSelected = ids.length > 0 && ids.every((id) => selected.has(id));
  const now = Date.now();
  return (
    <>
      <div class="browse-select-all">
        <label class="browse-check">
          <input type="checkbox" checked={allSelected} onChange={() => setSelected(allSelected ? new Set() : new Set(ids))} />
          Select all {ids.length.toLocaleString()}
        </label>
      </div>
      <div ref={box} class="browse-list" role="list" aria-label="Cards" onScroll={(e) => setScroll((e.target as HTMLDivElement).scrollTop)}>
        <div style={{ height: `${ids.length * ROW}px`, position: 'relative' }}>
          {visible.map((id, i) => {
            const row = cache.version === version ? cache.rows.get(id) : undefined;
            const note = row ? cache.notes.get(row.noteId) : undefined;
            return (
              <div key={id} role="listitem" class={`browse-row${selected.has(id) ? ' is-selected' : ''}`} style={{ top: `${(from + i) * ROW}px`, height: `${ROW}px` }} data-card-id={id}>
                <label class="browse-row-check">
                  <input type="checkbox" checked={selected.has(id)} onChange={() => toggle(id)} aria-label={`Select ${note?.preview ?? id}`} />
                </label>
                {row && note ? (
                  <a class="browse-row-main" href={href({ name: 'edit', noteId: row.noteId })}>
                    <span class="browse-row-front">
                      {row.flag > 0 && <span class={`flag flag-${row.flag}`} role="img" aria-label={FLAG_NAMES[row.flag]} />}
                      {note.preview || '(empty)'}
                      {row.ord > 0 && <span class="muted"> · card {row.ord + 1}</span>}
                    </span>
                    <span class="browse-row-meta muted">
                      {deckNames.get(row.deckId) ?? row.deckId} · {stateText(row, now, dayStartHour)}
                      {note.edited ? ' · edited' : ''}
                      {note.tags.length ? ` · ${note.tags.slice(0, 3).join(' ')}` : ''}
                    </span>
                  </a>
                ) : (
                  <span class="browse-row-main muted">…</span>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </>
  );
}
