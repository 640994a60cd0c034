import { openDatabase } from './db';

/** The stored media blobs of a deck that a card refers to, by name (missing names are absent). */
export async function getMediaBlobs(deckId: string, names: string[], dbName?: string): Promise<Map<string, Blob>> {
  const out = new Map<string, Blob>();
  if (names.length === 0) return out;
  const db = await openDatabase(dbName);
  const tx = db.transaction('media');
  await Promise.all(
    names.map(async (name) => {
      const rec = await tx.store.get(`${deckId}/${name}`);
      if (rec) out.set(name, rec.data);
    }),
  );
  await tx.done;
  return out;
}
