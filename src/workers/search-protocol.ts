/** Messages between Browse and the search worker (types only). */
import type { BrowseNote, BrowseRow } from '../core/search';
import type { SearchRequest } from './search-index';

export type SearchWorkerRequest =
  | { id: number; type: 'open' }
  | { id: number; type: 'refresh' }
  /** Runs a search; its results stay in the worker under `seq` (only the count and a head travel). */
  | { id: number; type: 'search'; seq: number; request: SearchRequest; refresh?: boolean; sentAt?: number }
  /** Rows by id, or the rows [from, to) of search `seq`'s results. */
  | { id: number; type: 'rows'; ids?: string[]; seq?: number; from?: number; to?: number }
  /** Every card id of search `seq` (select all). */
  | { id: number; type: 'ids'; seq: number };

export interface SearchWorkerResults {
  open: { cards: number; notes: number; indexBuildMs: number | undefined; loadMs: number; loaded: 'built' | 'saved'; phases: Record<string, number> };
  refresh: number;
  /** `receivedAt`/`doneAt`: absolute times (timeOrigin + now) in the worker, to see where a slow round trip waited. */
  search: { total: number; ms: number; receivedAt: number; doneAt: number };
  rows: { rows: BrowseRow[]; notes: BrowseNote[] };
  ids: string[];
}

export type SearchWorkerResponse = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: { name: string; message: string } };
