/** Messages between Browse and the search worker (types only). */
import type { BrowseNote, BrowseRow } from '../core/search';
import type { SearchRequest } from './search-index';

export type SearchWorkerRequest =
  | { id: number; type: 'open' }
  | { id: number; type: 'refresh' }
  | { id: number; type: 'search'; request: SearchRequest; refresh?: boolean }
  /** Rows by id, or the slice [from, to) of the last search's results. */
  | { id: number; type: 'rows'; ids?: string[]; from?: number; to?: number };

export interface SearchWorkerResults {
  open: { cards: number; notes: number; indexBuildMs: number | undefined; loadMs: number; loaded: 'built' | 'saved' };
  refresh: number;
  search: { ids: string[]; ms: number };
  rows: { rows: BrowseRow[]; notes: BrowseNote[] };
}

export type SearchWorkerResponse = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: { name: string; message: string } };
