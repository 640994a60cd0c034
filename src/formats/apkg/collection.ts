/**
 * Reads an opened Anki collection into the generation-independent model. Notes, cards and the
 * review log have the same columns in every schema; note types and decks live in `col` JSON up
 * to schema 14 and in their own tables from schema 15 on.
 */
import type { Database } from 'sql.js';
import { AppError, ErrorCode } from '../../core/errors';
import { readLatestDecks, readLatestNotetypes } from './collection-latest';
import { readLegacyDecks, readLegacyNotetypes } from './collection-legacy';
import type { AnkiCollection } from './model';
import { num, selectRows, sqliteError, str, tableExists } from './sqlite';

/** The newest collection schema this reader knows (Anki 2.1.50+). */
export const NEWEST_SCHEMA = 18;

export function readCollection(db: Database, member: string, warnings: string[]): AnkiCollection {
  try {
    const col = selectRows(db, 'SELECT crt, ver, models, decks FROM col LIMIT 1', (r) => ({ crt: num(r[0]), ver: num(r[1]), models: str(r[2]), decks: str(r[3]) }))[0];
    if (!col) throw new AppError(ErrorCode.Corrupt, `The collection "${member}" is damaged: its "col" table is empty.`);
    if (col.ver > NEWEST_SCHEMA)
      warnings.push(`This collection uses schema ${col.ver}, newer than the ${NEWEST_SCHEMA} this app knows; some details may be missing.`);
    const tables = tableExists(db, 'notetypes');
    const notetypes = tables ? readLatestNotetypes(db) : readLegacyNotetypes(col.models || '{}', member);
    const decks = tableExists(db, 'decks') ? readLatestDecks(db) : readLegacyDecks(col.decks || '{}', member);
    const notes = selectRows(db, 'SELECT id, guid, mid, mod, tags, flds FROM notes ORDER BY id', (r) => ({
      id: num(r[0]),
      guid: str(r[1]),
      mid: num(r[2]),
      mod: num(r[3]),
      tags: str(r[4]).split(/\s+/).filter((t) => t !== ''),
      fields: str(r[5]).split('\x1f'),
    }));
    const cards = selectRows(db, 'SELECT id, nid, did, ord, type, queue, due, ivl, factor, reps, lapses, odue, odid FROM cards ORDER BY nid, ord, id', (r) => ({
      id: num(r[0]),
      nid: num(r[1]),
      did: num(r[2]),
      ord: num(r[3]),
      type: num(r[4]),
      queue: num(r[5]),
      due: num(r[6]),
      ivl: num(r[7]),
      factor: num(r[8]),
      reps: num(r[9]),
      lapses: num(r[10]),
      odue: num(r[11]),
      odid: num(r[12]),
    }));
    const revlog = selectRows(db, 'SELECT id, cid, ease, ivl, lastIvl, factor, time, type FROM revlog ORDER BY id', (r) => ({
      id: num(r[0]),
      cid: num(r[1]),
      ease: num(r[2]),
      ivl: num(r[3]),
      lastIvl: num(r[4]),
      factor: num(r[5]),
      time: num(r[6]),
      type: num(r[7]),
    }));
    return { schema: col.ver, crt: col.crt, notetypes, decks, notes, cards, revlog };
  } catch (e) {
    throw sqliteError(e, member);
  }
}
