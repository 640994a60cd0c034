/** Loads the built-in decks shipped with this version (precached JSON) into the database. */
import { syncBuiltinDecks } from '../storage';
import type { CompiledDeck, CompiledIndex } from '../formats/prepdeck/compiled';

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`Could not load ${url} (HTTP ${res.status})`);
  return (await res.json()) as T;
}

export async function loadBuiltinDecks(): Promise<string[]> {
  const index = await getJson<CompiledIndex>('/decks/index.json');
  return syncBuiltinDecks(index, (file) => getJson<CompiledDeck>(`/decks/${file}`), Date.now());
}

let ready: Promise<string[]> | undefined;

/** Starts the built-in deck sync once; screens that list cards wait for it on first start. */
export function builtinDecksReady(): Promise<string[]> {
  ready ??= loadBuiltinDecks().catch((e: unknown) => {
    // Offline before the first successful load, or a storage failure: the app still opens.
    console.warn('Built-in decks could not be loaded', e);
    return [];
  });
  return ready;
}
