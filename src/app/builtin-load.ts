/** Loads the built-in decks shipped with this version (precached JSON) into the database. */
import type { CompiledDeck, CompiledIndex } from '../formats/prepdeck/compiled';

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`Could not load ${url} (HTTP ${res.status})`);
  return (await res.json()) as T;
}

/** The list of built-in decks this version ships, with a content hash each. */
export function loadBuiltinIndex(): Promise<CompiledIndex> {
  return getJson<CompiledIndex>('/decks/index.json');
}

export async function loadBuiltinDecks(): Promise<string[]> {
  // Loaded only when a deck changed: the first screen does not carry the sync code.
  const { syncBuiltinDecks } = await import('../storage/builtin');
  return syncBuiltinDecks(await loadBuiltinIndex(), (file) => getJson<CompiledDeck>(`/decks/${file}`), Date.now());
}
