/**
 * Opening an Anki collection with sql.js (injected: the worker loads the wasm with Vite's `?url`,
 * Node from node_modules, see sql-node.ts) and reading rows without loading them all at once.
 */
import type { Database, SqlJsStatic, SqlValue } from 'sql.js';
import { AppError, ErrorCode } from '../../core/errors';

const SQLITE_MAGIC = 'SQLite format 3\0';

export function isSqlite(bytes: Uint8Array): boolean {
  if (bytes.length < 100) return false;
  for (let i = 0; i < SQLITE_MAGIC.length; i++) if (bytes[i] !== SQLITE_MAGIC.charCodeAt(i)) return false;
  return true;
}

/**
 * Opens `bytes` (which this call may modify: pass a copy you own). Anki marks exported
 * collections as WAL (header bytes 18/19 = 2); without the -wal file some WebAssembly SQLite
 * builds refuse such a database, so the in-memory copy is switched back to rollback journal.
 */
export function openCollection(sql: SqlJsStatic, bytes: Uint8Array, member: string): Database {
  if (!isSqlite(bytes))
    throw new AppError(ErrorCode.NotSqlite, `The collection "${member}" inside the package is not an SQLite database: the package is damaged.`);
  if (bytes[18] === 2) bytes[18] = 1;
  if (bytes[19] === 2) bytes[19] = 1;
  let db: Database | undefined;
  try {
    db = new sql.Database(bytes);
    db.exec('SELECT count(*) FROM sqlite_master');
    const rewritten = schemaWithoutUnicase(db);
    if (rewritten) {
      db.close();
      db = undefined;
      db = new sql.Database(rewritten);
    }
    return db;
  } catch (cause) {
    db?.close();
    throw sqliteError(cause, member);
  }
}

/**
 * Schema-18 collections declare name columns `COLLATE unicase`, a collation only Anki registers.
 * sql.js cannot register one, and SQLite needs it even for plain scans of the WITHOUT ROWID
 * `fields`/`templates` tables. Our copy is private, so its schema text is rewritten to NOCASE;
 * the result is returned as bytes because a schema edit takes effect on a new connection only.
 */
function schemaWithoutUnicase(db: Database): Uint8Array | undefined {
  const rows = selectRows(db, "SELECT type, name, sql FROM sqlite_master WHERE sql LIKE '%unicase%'", (r) => ({ type: str(r[0]), name: str(r[1]), sql: str(r[2]) }));
  if (rows.length === 0) return undefined;
  db.exec('PRAGMA writable_schema = ON');
  for (const r of rows) db.run('UPDATE sqlite_master SET sql = ? WHERE type = ? AND name = ?', [r.sql.replace(/collate\s+unicase/gi, 'COLLATE NOCASE'), r.type, r.name]);
  db.exec('PRAGMA writable_schema = OFF');
  return db.export();
}

/** Maps an sql.js failure to an AppError that says what is wrong with the file. */
export function sqliteError(cause: unknown, member: string): AppError {
  if (cause instanceof AppError) return cause;
  const msg = cause instanceof Error ? cause.message : String(cause);
  if (/not a database|file is encrypted/i.test(msg))
    return new AppError(ErrorCode.NotSqlite, `The collection "${member}" inside the package is not an SQLite database: the package is damaged.`, { cause });
  const table = /no such table: (\w+)/i.exec(msg)?.[1];
  if (table) return new AppError(ErrorCode.Corrupt, `The collection "${member}" has no "${table}" table: it is not an Anki collection.`, { cause });
  return new AppError(ErrorCode.Corrupt, `The collection "${member}" is damaged (${msg}).`, { cause });
}

/** Runs a SELECT and maps each row; rows are stepped one by one, never copied as a whole. */
export function selectRows<T>(db: Database, sql: string, map: (row: SqlValue[]) => T): T[] {
  const stmt = db.prepare(sql);
  try {
    const out: T[] = [];
    while (stmt.step()) out.push(map(stmt.get()));
    return out;
  } finally {
    stmt.free();
  }
}

export function tableExists(db: Database, name: string): boolean {
  return selectRows(db, `SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '${name.replace(/'/g, "''")}'`, () => true).length > 0;
}

export function num(v: SqlValue | undefined): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return 0;
}

export function str(v: SqlValue | undefined): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  return '';
}

export function blob(v: SqlValue | undefined): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (typeof v === 'string') return new TextEncoder().encode(v);
  return new Uint8Array(0);
}
