/** Which built-in decks need applying: small, so that the first screen can ask without loading the sync. */
import type { CompiledIndex } from '../formats/prepdeck/compiled';
import { openDatabase } from './db';

export type Applied = Record<string, string>;

/** The built-in decks of `index` whose shipped version this database does not have yet. */
export async function builtinDecksToApply(index: CompiledIndex, dbName?: string): Promise<CompiledIndex['decks']> {
  const db = await openDatabase(dbName);
  const applied = ((await db.get('meta', 'builtin')) as Applied | undefined) ?? {};
  return index.decks.filter((d) => applied[d.id] !== d.hash);
}

