/** The words of Settings → Sync: form checks, the status line and the progress label (pure). */
import type { SyncConfig, SyncProgress, SyncStatus } from '../sync/api';

export type SyncField = 'server' | 'user' | 'password';
export interface SyncProblem {
  field: SyncField;
  message: string;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1']);
const EXAMPLE = 'https://couch.example.org/userdb-616c696365';

/**
 * Checks what was typed before any network call; returns the first problem, or the cleaned
 * config. Plain http is accepted only for a server on this computer: anywhere else the password
 * would travel unencrypted (and the app's Content-Security-Policy refuses it anyway).
 */
export function checkSyncForm(input: SyncConfig): { ok: true; config: SyncConfig } | { ok: false; problem: SyncProblem } {
  const server = input.server.trim();
  const user = input.user.trim();
  const bad = (field: SyncField, message: string) => ({ ok: false as const, problem: { field, message } });
  if (!server) return bad('server', `Enter the address of your sync server, e.g. ${EXAMPLE}.`);
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return bad('server', `“${server}” is not a web address. It starts with https://, e.g. ${EXAMPLE}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return bad('server', `The server address must start with https:// (or http:// for a server on this computer), not ${url.protocol}//.`);
  if (!url.hostname) return bad('server', `The server address has no host name, e.g. ${EXAMPLE}.`);
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname)) return bad('server', 'Use https:// for a server on another computer: over http:// your password would travel unencrypted. (http:// works only for localhost and 127.0.0.1.)');
  if (url.username || url.password) return bad('server', 'Put the user name and password in their own fields, not in the server address.');
  if (url.pathname.replace(/\/+$/, '') === '') return bad('server', `The address needs your database’s name after the server, e.g. ${EXAMPLE}.`);
  if (url.search || url.hash) return bad('server', 'The server address is the address of your database, without ? or # parts.');
  if (!user) return bad('user', 'Enter your user name on the sync server.');
  if (!input.password) return bad('password', 'Enter your password for the sync server.');
  // No trailing slash: the same database whichever way it was typed.
  const clean = url.href.replace(/\/+$/, '');
  return { ok: true, config: { server: clean, user, password: input.password } };
}

/** "just now", "2 minutes ago", "3 hours ago", "yesterday", "on 4 Mar 2025". */
export function ago(at: number, now: number): string {
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} minute${m === 1 ? '' : 's'} ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h} hour${h === 1 ? '' : 's'} ago`;
  const d = Math.round(h / 24);
  if (d === 1) return 'yesterday';
  if (d < 7) return `${d} days ago`;
  return `on ${new Date(at).toLocaleDateString(undefined, { dateStyle: 'medium' })}`;
}

/** The status line: "Syncing…", "Last sync 2 minutes ago", "Last sync: never", plus what waits. */
export function statusLine(s: Pick<SyncStatus, 'running' | 'lastSyncAt' | 'pending'>, now: number): string {
  const main = s.running ? 'Syncing…' : s.lastSyncAt ? `Last sync ${ago(s.lastSyncAt, now)}` : 'Last sync: never';
  if (s.running) return main;
  if (s.pending <= 0) return `${main}.`;
  return `${main}. ${s.pending} change${s.pending === 1 ? '' : 's'} waiting to sync.`;
}

/** "Sending… 500 of 2,000"; without a total, only the count. */
export function progressLabel(p: SyncProgress): string {
  const n = (x: number) => x.toLocaleString('en');
  const verb = { connect: 'Connecting to the server…', push: 'Sending…', pull: 'Receiving…', apply: 'Saving on this device…' }[p.phase];
  if (p.phase === 'connect') return verb;
  if (p.total !== undefined && p.total > 0) return `${verb} ${n(Math.min(p.done, p.total))} of ${n(p.total)}`;
  return p.done > 0 ? `${verb} ${n(p.done)}` : verb;
}
