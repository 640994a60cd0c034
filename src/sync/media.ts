/**
 * Media files of the user's own decks through sync: the bytes as `media:<sha256>` documents
 * (a CouchDB attachment, content-addressed: the same bytes go up once) and, per deck and file
 * name, a `mediaref:<deckId>/<name>` document that points at them. Storage is read through the
 * record layer (storage/sync-records.ts); what arrives is written by `applyIncoming`, in the same
 * transaction as the rest of a sync's changes.
 */
import type { PouchDatabase } from './pouch-types';
import { mediaDoc, mediaRefDoc, type LwwDoc, type MediaRefBody, type SyncDoc } from './docs';
import { getMediaRecord, hasMedia, ownMediaKeys } from '../storage/sync-records';
import type { MediaRecord } from '../core/types';

export function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Media of the user's own decks the replica does not map yet: `media:<sha256>` and `mediaref:` documents. */
export async function outgoingMedia(local: PouchDatabase, dbName: string | undefined): Promise<SyncDoc[]> {
  const wanted = await ownMediaKeys(dbName);
  if (!wanted.length) return [];
  const known = new Set((await local.allDocs({ startkey: 'mediaref:', endkey: 'mediaref:\uffff' })).rows.map((r) => r.id));
  const out: SyncDoc[] = [];
  const hashes = new Set<string>();
  for (const key of wanted) {
    if (known.has(`mediaref:${key}`)) continue;
    const rec = await getMediaRecord(key, dbName);
    if (!rec) continue;
    const bytes = new Uint8Array(await rec.data.arrayBuffer());
    const hash = [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');
    const ref: MediaRefBody = { deckId: rec.deckId, name: rec.name, mime: rec.mime, hash };
    if (!hashes.has(hash)) {
      hashes.add(hash);
      const have = await local.get(`media:${hash}`).catch(() => undefined);
      if (!have) out.push(mediaDoc(hash, rec.mime, base64(bytes), bytes.length));
    }
    out.push(mediaRefDoc(ref, Date.now()));
  }
  return out;
}

/** Media files whose `mediaref:` arrived and that this device does not hold. */
export async function incomingMedia(local: PouchDatabase, changed: SyncDoc[], dbName: string | undefined): Promise<MediaRecord[]> {
  const refs = (changed as LwwDoc[]).filter((d): d is LwwDoc<'mediaref'> & { body: MediaRefBody } => d.type === 'mediaref' && !d.deleted);
  if (!refs.length) return [];
  const out: MediaRecord[] = [];
  for (const ref of refs) {
    const { deckId, name, mime, hash } = ref.body;
    const id = `${deckId}/${name}`;
    if (await hasMedia(id, dbName)) continue;
    const doc = (await local.get(`media:${hash}`, { attachments: true, binary: true }).catch(() => undefined)) as { _attachments?: Record<string, { data: Blob | Uint8Array }> } | undefined;
    const data = doc?._attachments?.['data']?.data;
    if (!data) continue;
    out.push({ id, deckId, name, mime, data: data instanceof Blob ? data : new Blob([data as BlobPart], { type: mime }) });
  }
  return out;
}
