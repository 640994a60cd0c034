/**
 * The results as a virtualised list: only the rows in view (and a few around them) are in the
 * DOM, and they come from the search worker a window at a time (the result list itself stays in
 * the worker), so 100k results scroll like 100.
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
  /** How many cards the search found, and which search (the worker keeps its results). */
  total: number;
  seq: number;
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

/** One row: a checkbox and the card's front, deck, state and tags (the link opens the editor). */
export function Row({ row, note, top, selected, toggle, deckName, dayStartHour }: { row: BrowseRow; note: BrowseNote | undefined; top: number; selected: boolean; toggle: (id: string) => void; deckName: string; dayStartHour: number }) {
  return (
    <div role="listitem" class={`browse-row${selected ? ' is-selected' : ''}`} style={{ top: `${top}px`, height: `${ROW}px` }} data-card-id={row.id}>
      <label class="browse-row-check">
        <input type="checkbox" checked={selected} onChange={() => toggle(row.id)} aria-label={`Select ${note?.preview ?? row.id}`} />
      </label>
      <a class="browse-row-main" href={href({ name: 'edit', noteId: row.noteId })}>
        <span class="browse-row-front">
          {row.flag > 0 && <span class={`flag flag-${row.flag}`} role="img" aria-label={FLAG_NAMES[row.flag]} />}
          {note?.preview || '(empty)'}
          {row.ord > 0 && <span class="muted"> · card {row.ord + 1}</span>}
        </span>
        <span class="browse-row-meta muted">
          {deckName} · {stateText(row, Date.now(), dayStartHour)}
          {note?.edited ? ' · edited' : ''}
          {note?.tags.length ? ` · ${note.tags.slice(0, 3).join(' ')}` : ''}
        </span>
      </a>
    </div>
  );
}

export function ResultList({ total, seq, decks, selected, setSelected, dayStartHour }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const [scroll, setScroll] = useState(0);
  const [height, setHeight] = useState(600);
  const [cache, setCache] = useState<{ seq: number; rows: Map<number, BrowseRow>; notes: Map<string, BrowseNote> }>({ seq: -1, rows: new Map(), notes: new Map() });
  const [allIds, setAllIds] = useState<{ seq: number; ids: string[] } | null>(null);
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
  }, [seq]);

  const from = Math.max(0, Math.floor(scroll / ROW) - OVERSCAN);
  const to = Math.min(total, Math.ceil((scroll + height) / ROW) + OVERSCAN);

  // The rows in view, from the worker; a new search starts a fresh cache.
  useEffect(() => {
    const fresh = cache.seq !== seq;
    let lo = from;
    let hi = to;
    if (!fresh) {
      while (lo < hi && cache.rows.has(lo)) lo++;
      while (hi > lo && cache.rows.has(hi - 1)) hi--;
    }
    if (lo >= hi) return;
    let live = true;
    void callSearch({ type: 'rows', seq, from: lo, to: hi }).then((res) => {
      if (!live) return;
      setCache((c) => {
        const base = c.seq === seq ? c : { seq, rows: new Map<number, BrowseRow>(), notes: new Map<string, BrowseNote>() };
        const rows = new Map(base.rows);
        const notes = new Map(base.notes);
        res.rows.forEach((r, i) => rows.set(lo + i, r));
        for (const n of res.notes) notes.set(n.id, n);
        return { seq, rows, notes };
      });
    });
    return () => {
      live = false;
    };
  }, [from, to, seq, total]);

  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };
  const allSelected = total > 0 && selected.size === total && allIds?.seq === seq;
  const selectAll = async () => {
    if (allSelected) return setSelected(new Set());
    const ids = await callSearch({ type: 'ids', seq });
    setAllIds({ seq, ids });
    setSelected(new Set(ids));
  };
  const rows: preact.JSX.Element[] = [];
  for (let i = from; i < to; i++) {
    const row = cache.seq === seq ? cache.rows.get(i) : undefined;
    if (!row) {
      rows.push(<div key={`p${i}`} role="listitem" class="browse-row" style={{ top: `${i * ROW}px`, height: `${ROW}px` }}><span class="browse-row-main muted">…</span></div>);
      continue;
    }
    rows.push(<Row key={row.id} row={row} note={cache.notes.get(row.noteId)} top={i * ROW} selected={selected.has(row.id)} toggle={toggle} deckName={deckNames.get(row.deckId) ?? row.deckId} dayStartHour={dayStartHour} />);
  }
  return (
    <>
      <div class="browse-select-all">
        <label class="browse-check">
          <input type="checkbox" checked={allSelected} onChange={() => void selectAll()} />
          Select all {total.toLocaleString()}
        </label>
      </div>
      <div ref={box} class="browse-list" role="list" aria-label="Cards" onScroll={(e) => setScroll((e.target as HTMLDivElement).scrollTop)}>
        <div style={{ height: `${total * ROW}px`, position: 'relative' }}>{rows}</div>
      </div>
    </>
  );
}
