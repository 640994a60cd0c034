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
