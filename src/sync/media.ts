/**
 * Media files of the user's own decks through sync: the bytes as `media:<sha256>` documents
 * (a CouchDB attachment, content-addressed: the same bytes go up once) and, per deck and file
 * name, a `mediaref:<deckId>/<name>` document that points at them (last writer wins, like every
 * record). Storage is read through the record layer (storage/sync-records.ts); what arrives is
 * written by `applyIncoming`, in the same transaction as the rest of a sync's changes, which also
 * removes the files of a deck deleted elsewhere.
 */
import type { PouchDatabase, PouchDoc } from './pouch-types';
import { mediaDoc, mediaRefDoc, type LiveDoc, type LwwDoc, type MediaRefBody, type SyncDoc } from './docs';
import { docsByIds } from './replica';
import { getMediaRecord, hasMedia, ownMediaChanges } from '../storage/sync-records';
import type { MediaRecord } from '../core/types';

export function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

async function sha256(bytes: Uint8Array): Promise<string> {
  return [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

type RefDoc = LiveDoc<'mediaref'> & PouchDoc;
const isLiveRef = (d: PouchDoc | undefined): d is RefDoc => Boolean(d) && !d!._deleted && d!['type'] === 'mediaref' && !d!['deleted'];

/** A document written twice (the same bytes under another name, or another tab) is there already. */
function unlessConflict(e: { status?: number }): void {
  if (e?.status !== 409) throw e;
}

/**
 * Media of the user's own decks that the replica does not map as they are here: a file whose name
 * the replica does not know, or (in a deck written since the last sync: a re-import may have
 * replaced a file under the same name) whose bytes or type differ from what its `mediaref:`
 * says. The bytes go into the replica here, one file at a time (`media:<sha256>`, once per
 * content); the `mediaref:` documents are returned for the caller to write with the rest.
 */
export async function outgoingMedia(local: PouchDatabase, dbName: string | undefined): Promise<SyncDoc[]> {
  const { keys: wanted, changedDecks } = await ownMediaChanges(dbName);
  if (!wanted.length) return [];
  const known = new Set((await local.allDocs({ startkey: 'mediaref:', endkey: 'mediaref:\uffff' })).rows.map((r) => r.id));
  // Unknown names, and every file of a deck written since the last sync (checked against its ref).
  const check = wanted.filter((key) => !known.has(`mediaref:${key}`) || changedDecks.has(key.slice(0, key.indexOf('/'))));
  if (!check.length) return [];
  const refs = await docsByIds(local, check.filter((key) => known.has(`mediaref:${key}`)).map((key) => `mediaref:${key}`));
  const out: SyncDoc[] = [];
  const hashes = new Set<string>();
  for (const key of check) {
    const rec = await getMediaRecord(key, dbName);
    if (!rec) continue;
    const bytes = new Uint8Array(await rec.data.arrayBuffer());
    const hash = await sha256(bytes);
    const prev = refs.get(`mediaref:${key}`);
    if (isLiveRef(prev) && prev.body.hash === hash && prev.body.mime === rec.mime) continue;
    if (!hashes.has(hash)) {
      hashes.add(hash);
      const have = await local.get(`media:${hash}`).catch(() => undefined);
      // Written now, not returned: the caller's batch would otherwise hold every new file at once.
      if (!have) await local.put(mediaDoc(hash, rec.mime, base64(bytes), bytes.length)).catch(unlessConflict);
    }
    const ref: MediaRefBody = { deckId: rec.deckId, name: rec.name, mime: rec.mime, hash };
    const doc = mediaRefDoc(ref, Math.max(Date.now(), ((prev?.['mtime'] as number | undefined) ?? 0) + 1));
    out.push(prev?._rev ? ({ ...doc, _rev: prev._rev } as SyncDoc) : doc);
  }
  return out;
}

/**
 * Media files to write with this sync's changes: those whose `mediaref:` arrived or changed and
 * that this device does not hold with those bytes, and the files of a deck that arrived or came
 * back (a deletion undone elsewhere: `applyIncoming` removed its files here) that are missing.
 * Nothing for a deck the replica does not hold or holds as deleted.
 */
export async function incomingMedia(local: PouchDatabase, changed: SyncDoc[], dbName: string | undefined): Promise<MediaRecord[]> {
  const lww = changed as LwwDoc[];
  // Ref id → body, and whether the bytes must be compared (a changed ref) or only be present.
  const refs = new Map<string, { body: MediaRefBody; compare: boolean }>();
  for (const d of lww) if (d.type === 'mediaref' && !d.deleted) refs.set(d._id, { body: d.body as MediaRefBody, compare: true });
  const decks = lww.filter((d): d is LiveDoc<'deck'> => d.type === 'deck' && !d.deleted).filter((d) => d.body.source !== 'builtin').map((d) => d._id.slice('deck:'.length));
  for (const deckId of decks) {
    const res = await local.allDocs({ startkey: `mediaref:${deckId}/`, endkey: `mediaref:${deckId}/\uffff`, include_docs: true });
    for (const r of res.rows) if (!refs.has(r.id) && isLiveRef(r.doc) && r.doc.body.deckId === deckId) refs.set(r.id, { body: r.doc.body, compare: false });
  }
  if (!refs.size) return [];
  const deckDocs = await docsByIds(local, [...new Set([...refs.values()].map((r) => `deck:${r.body.deckId}`))]);
  const out: MediaRecord[] = [];
  const fetched = new Map<string, Blob | undefined>();
  for (const { body, compare } of refs.values()) {
    const { deckId, name, mime, hash } = body;
    const deck = deckDocs.get(`deck:${deckId}`);
    if (!deck || deck['deleted']) continue;
    const id = `${deckId}/${name}`;
    if (compare) {
      const have = await getMediaRecord(id, dbName);
      if (have && have.mime === mime && (await sha256(new Uint8Array(await have.data.arrayBuffer()))) === hash) continue;
    } else if (await hasMedia(id, dbName)) continue;
    if (!fetched.has(hash)) {
      const doc = (await local.get(`media:${hash}`, { attachments: true, binary: true }).catch(() => undefined)) as { _attachments?: Record<string, { data: Blob | Uint8Array }> } | undefined;
      const data = doc?._attachments?.['data']?.data;
      fetched.set(hash, data === undefined ? undefined : data instanceof Blob ? data : new Blob([data as BlobPart]));
    }
    const data = fetched.get(hash);
    if (!data) continue;
    // The type is the ref's (the same bytes may be stored under two types by two decks).
    out.push({ id, deckId, name, mime, data: data.type === mime ? data : new Blob([data], { type: mime }) });
  }
  return out;
}
