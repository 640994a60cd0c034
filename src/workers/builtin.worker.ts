/**
 * Built-in deck sync off the main thread. On first start it fetches, parses and writes about two
 * thousand notes and cards: on the page that held the main thread for seconds (Lighthouse: over
 * two seconds of blocking time); here the page stays responsive. One message in, one out.
 */
import { loadBuiltinDecks } from '../app/builtin-load';

export type BuiltinWorkerResponse = { changed: string[] } | { error: string };

self.onmessage = () => {
  loadBuiltinDecks().then(
    (changed) => postMessage({ changed } satisfies BuiltinWorkerResponse),
    (e: unknown) => postMessage({ error: e instanceof Error ? e.message : String(e) } satisfies BuiltinWorkerResponse),
  );
};
