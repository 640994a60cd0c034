/** Sync errors in plain words: the server address check, and PouchDB/fetch errors mapped to a kind. */
import type { SyncErrorKind } from './api';
import { parseServerUrl } from './server-url';

export class SyncFailure extends Error {
  constructor(
    readonly kind: SyncErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'SyncFailure';
  }
}

const MESSAGES: Record<SyncErrorKind, string> = {
  auth: 'The server refused the user name or password.',
  forbidden: 'The server does not let this user use that database. Check the address (a per-user database is userdb- followed by the user name in hex).',
  quota: 'There is no room left: the server refused the data as too large or its disk is full, or this device is out of storage.',
  server: 'The server had a problem and could not finish the sync. Try again later.',
  offline: 'This device is offline. Sync will run when it is back online.',
  unreachable: 'The server did not answer. Check the address and that the server is running.',
  cors: "The server did not answer, or it does not allow this app's address (CORS). Check the address, that the server is running, and that its CORS settings allow this site.",
  'bad-url': 'The server address is not valid.',
};

/** Checks the server address (sync/server-url.ts, the same check as the Settings form). */
export function checkServerUrl(server: string): URL {
  const parsed = parseServerUrl(server);
  if (!parsed.ok) throw new SyncFailure('bad-url', parsed.message);
  return parsed.url;
}

const isOffline = (): boolean => typeof navigator !== 'undefined' && navigator.onLine === false;

/** Maps a PouchDB or fetch error to a kind and plain words. */
export async function classify(e: unknown, server?: string): Promise<SyncFailure> {
  if (e instanceof SyncFailure) return e;
  const err = (e ?? {}) as { status?: number; name?: string; message?: string; reason?: string; code?: string };
  const text = `${err.name ?? ''} ${err.message ?? ''} ${err.reason ?? ''}`.toLowerCase();
  const status = err.status ?? 0;
  if (status === 401 || err.name === 'unauthorized') return new SyncFailure('auth', MESSAGES.auth);
  if (status === 403 || err.name === 'forbidden') return new SyncFailure('forbidden', MESSAGES.forbidden);
  if (status === 413 || status === 507 || err.name === 'QuotaExceededError' || /quota|too large|disk full/.test(text)) return new SyncFailure('quota', MESSAGES.quota);
  if (status === 404) return new SyncFailure('server', 'There is no database at that address on the server. Check the address (a per-user database is userdb- followed by the user name in hex).');
  if (status > 500) return new SyncFailure('server', MESSAGES.server);
  if (isOffline()) return new SyncFailure('offline', MESSAGES.offline);
  const network = (e instanceof TypeError && /fetch|network|load failed/.test(text)) || /failed to fetch|fetch failed|network|econnrefused|econnreset|socket|load failed/.test(text) || status === 0 || (status === 500 && /unknown_error|fetch/.test(text));
  if (network) {
    // A browser hides why a request failed. If the server answers an opaque request, it is up
    // and the refusal is CORS; if not, it is unreachable. In doubt, say both.
    if (typeof window !== 'undefined' && server) {
      try {
        await fetch(new URL(server).origin, { mode: 'no-cors', cache: 'no-store' });
        return new SyncFailure('cors', MESSAGES.cors);
      } catch {
        return new SyncFailure('unreachable', MESSAGES.cors);
      }
    }
    return new SyncFailure('unreachable', MESSAGES.unreachable);
  }
  if (status >= 500) return new SyncFailure('server', MESSAGES.server);
  return new SyncFailure('server', `The sync could not finish: ${err.message ?? String(e)}`);
}
