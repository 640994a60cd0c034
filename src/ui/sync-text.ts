/** The words of Settings → Sync: form checks, the status line and the progress label (pure). */
import type { SyncConfig, SyncProgress, SyncStatus } from '../sync/api';
import { parseServerUrl } from '../sync/server-url';

export type SyncField = 'server' | 'user' | 'password';
export interface SyncProblem {
  field: SyncField;
  message: string;
}

/**
 * Checks what was typed before any network call; returns the first problem, or the cleaned
 * config (the address check is sync/server-url.ts, the one the client runs too).
 */
export function checkSyncForm(input: SyncConfig): { ok: true; config: SyncConfig } | { ok: false; problem: SyncProblem } {
  const user = input.user.trim();
  const bad = (field: SyncField, message: string) => ({ ok: false as const, problem: { field, message } });
  const parsed = parseServerUrl(input.server);
  if (!parsed.ok) return bad('server', parsed.message);
  if (!user) return bad('user', 'Enter your user name on the sync server.');
  if (!input.password) return bad('password', 'Enter your password for the sync server.');
  // No trailing slash: the same database whichever way it was typed.
  const clean = parsed.url.href.replace(/\/+$/, '');
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
