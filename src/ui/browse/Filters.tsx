/** Browse's filters (deck, state, due, flag, edited, added) and sort order. */
import type { Deck } from '../../core/types';
import type { DueFilter, SortKey, StateFilter } from '../../core/search';
import type { BrowseState } from './Browse';

const STATES: [StateFilter | '', string][] = [['', 'Any state'], ['new', 'New'], ['learn', 'Learning'], ['review', 'Review'], ['suspended', 'Suspended'], ['buried', 'Buried']];
const DUE: [string, string][] = [['', 'Any due date'], ['today', 'Due today'], ['overdue', 'Overdue'], ['next7', 'Due in 7 days'], ['next30', 'Due in 30 days']];
const FLAGS: [string, string][] = [['', 'Any flag'], ['1', 'Red'], ['2', 'Orange'], ['3', 'Green'], ['4', 'Blue'], ['0', 'No flag']];
const ADDED: [string, string][] = [['', 'Added any time'], ['1', 'Added today'], ['7', 'Added in 7 days'], ['30', 'Added in 30 days']];
const SORTS: [SortKey, string][] = [['due', 'Due'], ['created', 'Created'], ['modified', 'Modified'], ['interval', 'Interval'], ['difficulty', 'Difficulty'], ['lapses', 'Lapses']];

function dueValue(d: DueFilter | undefined): string {
  if (!d) return '';
  return d.kind === 'next' ? `next${d.days}` : d.kind;
}

function parseDue(v: string): DueFilter | undefined {
  if (v === 'today' || v === 'overdue') return { kind: v };
  const m = /^next(\d+)$/.exec(v);
  return m ? { kind: 'next', days: Number(m[1]) } : undefined;
}

function Select({ label, value, options, onChange }: { label: string; value: string; options: [string, string][]; onChange: (v: string) => void }) {
  return (
    <label class="browse-filter">
      <span class="visually-hidden">{label}</span>
      <select aria-label={label} value={value} onChange={(e) => onChange((e.target as HTMLSelectElement).value)}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

export function Filters({ state, setState, decks }: { state: BrowseState; setState: (s: BrowseState) => void; decks: Deck[] }) {
  const f = state.filters;
  const set = (patch: Partial<BrowseState['filters']>) => {
    const next = { ...f, ...patch };
    for (const k of Object.keys(next) as (keyof typeof next)[]) if (next[k] === undefined) delete next[k];
    setState({ ...state, filters: next });
  };
  return (
    <div class="browse-filters">
      <Select label="Deck" value={f.decks?.[0] ?? ''} options={[['', 'All decks'], ...decks.map((d): [string, string] => [d.id, d.name])]} onChange={(v) => set({ decks: v ? [v] : undefined })} />
      <Select label="State" value={f.states?.[0] ?? ''} options={STATES} onChange={(v) => set({ states: v ? [v as StateFilter] : undefined })} />
      <Select label="Due" value={dueValue(f.due)} options={DUE} onChange={(v) => set({ due: parseDue(v) })} />
      <Select label="Flag" value={f.flags?.length ? String(f.flags[0]) : ''} options={FLAGS} onChange={(v) => set({ flags: v ? [Number(v)] : undefined })} />
      <Select label="Added" value={f.addedDays !== undefined ? String(f.addedDays) : ''} options={ADDED} onChange={(v) => set({ addedDays: v ? Number(v) : undefined })} />
      <label class="browse-check">
        <input type="checkbox" checked={f.edited === true} onChange={(e) => set({ edited: (e.target as HTMLInputElement).checked || undefined })} />
        Edited
      </label>
      <Select label="Sort by" value={state.sort} options={SORTS} onChange={(v) => setState({ ...state, sort: v as SortKey })} />
      <button class="btn btn-small" aria-label={state.descending ? 'Sort descending (tap for ascending)' : 'Sort ascending (tap for descending)'} onClick={() => setState({ ...state, descending: !state.descending })}>
        {state.descending ? '↓' : '↑'}
      </button>
    </div>
  );
}
