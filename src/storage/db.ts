/** Opening the database: migrations, and what happens when another tab upgrades it. */
import { openDB, type IDBPDatabase } from 'idb';
import { AppError, ErrorCode } from '../core/errors';
import { DB_NAME, DB_VERSION, migrations, type PrepdeckDB, type Tx } from './schema';

export type DB = IDBPDatabase<PrepdeckDB>;

const open = new Map<string, Promise<DB>>();
let onVersionChange: (() => void) | undefined;

/**
 * Called when another tab opens a newer schema: this connection closes so that the upgrade can
 * proceed, and the app reloads (after saving nothing: every write is already committed).
 */
export function setVersionChangeHandler(handler: () => void): void {
  onVersionChange = handler;
}

export function openDatabase(name = DB_NAME, version = DB_VERSION): Promise<DB> {
  let p = open.get(name);
  if (!p) {
    p = openDB<PrepdeckDB>(name, version, {
      async upgrade(db, oldVersion, newVersion, tx) {
        for (let v = oldVersion + 1; v <= (newVersion ?? version); v++) await migrations[v - 1]!(db, tx as unknown as Tx);
      },
      blocking() {
        // Another tab wants to upgrade: let it, then reload this one.
        void p?.then((db) => db.close());
        open.delete(name);
        onVersionChange?.();
      },
      terminated() {
        open.delete(name);
      },
    });
    // A database newer than this code (another tab runs a newer version of the app) cannot
    // be opened with our version number: say so instead of IndexedDB's VersionError.
    p = p.catch((e: unknown) => {
      open.delete(name);
      if ((e as { name?: string } | null)?.name === 'VersionError') throw newerVersionError(e);
      throw e;
    });
    open.set(name, p);
  }
  return p;
}

function newerVersionError(cause: unknown): AppError {
  return new AppError(
    ErrorCode.TooNew,
    'Your data was upgraded by a newer version of Prepdeck, open in another tab or window. Reload this page to switch to the new version (choose “Reload” if an update is offered). Nothing was lost.',
    { cause },
  );
}

/** Closes and forgets a connection (tests, restore). */
export async function closeDatabase(name = DB_NAME): Promise<void> {
  const p = open.get(name);
  open.delete(name);
  if (p) (await p).close();
}
