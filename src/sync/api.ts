/**
 * The sync client's API, as types only: the Settings screen and the first-screen trigger import
 * these without pulling PouchDB in (the client itself loads with `import('./client')`).
 */
export interface SyncConfig {
  /** The full database URL, e.g. https://couch.example.org/userdb-616c696365. */
  server: string;
  user: string;
  password: string;
}

export type SyncErrorKind = 'auth' | 'unreachable' | 'cors' | 'quota' | 'forbidden' | 'server' | 'offline' | 'bad-url';

export interface SyncStatus {
  enabled: boolean;
  server?: string;
  user?: string;
  lastSyncAt?: number;
  lastError?: { kind: SyncErrorKind; message: string; at: number };
  /** Local changes not yet sent (records + reviews changed since the last sync). */
  pending: number;
  running: boolean;
}

export interface SyncProgress {
  phase: 'connect' | 'push' | 'pull' | 'apply';
  done: number;
  total?: number;
}

export type SyncOutcome = { ok: true; pushed: number; pulled: number; at: number } | { ok: false; kind: SyncErrorKind; message: string };

export type SyncReason = 'start' | 'online' | 'session';
