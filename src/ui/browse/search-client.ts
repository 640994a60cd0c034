/** The page's side of the search worker: started on first use, one promise per request. */
import type { SearchWorkerRequest, SearchWorkerResults } from '../../workers/search-protocol';
import { workerRpc } from '../worker-rpc';

export const callSearch = workerRpc<SearchWorkerRequest, SearchWorkerResults>(
  () => new Worker(new URL('../../workers/search.worker.ts', import.meta.url), { type: 'module', name: 'prepdeck-search' }),
  (reason) => `Search stopped working: ${reason}. Reload the page to try again.`,
);
