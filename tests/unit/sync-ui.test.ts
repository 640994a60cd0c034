/** The words of Settings → Sync: what the form refuses before any network call, the status line. */
import { describe, expect, it } from 'vitest';
import { ago, checkSyncForm, progressLabel, statusLine } from '../../src/ui/sync-text';

const ok = { server: 'https://couch.example.org/userdb-616c696365', user: 'alice', password: 'secret' };
const problem = (input: Partial<typeof ok>) => {
  const r = checkSyncForm({ ...ok, ...input });
  return r.ok ? null : r.problem;
};

describe('checkSyncForm', () => {
  it('accepts https anywhere and http on this computer, trimmed, without a trailing slash', () => {
    expect(checkSyncForm({ ...ok, server: '  https://couch.example.org/userdb-616c696365/ ', user: ' alice ' })).toEqual({ ok: true, config: ok });
    for (const server of ['http://127.0.0.1:5984/userdb-61', 'http://localhost:5984/db', 'https://10.0.0.2:6984/db']) expect(checkSyncForm({ ...ok, server }).ok).toBe(true);
  });

  it('keeps the password exactly as typed (spaces are characters of a password)', () => {
    const r = checkSyncForm({ ...ok, password: ' pass word ' });
    expect(r.ok && r.config.password).toBe(' pass word ');
  });

  it('refuses what is not an http(s) address, saying why, on the Server field', () => {
    expect(problem({ server: '' })).toEqual({ field: 'server', message: expect.stringMatching(/^Enter the address of your sync server/) });
    expect(problem({ server: 'couch.example.org' })).toEqual({ field: 'server', message: expect.stringMatching(/“couch\.example\.org” is not a web address\. It starts with https:\/\//) });
    expect(problem({ server: 'ftp://couch.example.org/db' })?.message).toBe('The server address must start with https:// (or http:// for a server on this computer), not ftp://.');
    expect(problem({ server: 'javascript:alert(1)' })?.message).toMatch(/must start with https:\/\//);
    expect(problem({ server: 'http://couch.example.org/db' })?.message).toMatch(/^Use https:\/\/ for a server on another computer/);
    expect(problem({ server: 'https://alice:secret@couch.example.org/db' })?.message).toBe('Put the user name and password in their own fields, not in the server address.');
    expect(problem({ server: 'https://couch.example.org/db?x=1' })?.field).toBe('server');
    expect(problem({ server: 'https://couch.example.org/' })?.message).toMatch(/^The address needs your database’s name after the server/);
  });

  it('asks for the user and the password', () => {
    expect(problem({ user: '  ' })).toEqual({ field: 'user', message: 'Enter your user name on the sync server.' });
    expect(problem({ password: '' })).toEqual({ field: 'password', message: 'Enter your password for the sync server.' });
  });
});

describe('status line', () => {
  const now = Date.UTC(2025, 2, 4, 12);
  it('says when the last sync was, or that there was none, and what waits', () => {
    expect(statusLine({ running: false, pending: 0 }, now)).toBe('Last sync: never.');
    expect(statusLine({ running: false, pending: 3, lastSyncAt: now - 2 * 60_000 }, now)).toBe('Last sync 2 minutes ago. 3 changes waiting to sync.');
    expect(statusLine({ running: false, pending: 1, lastSyncAt: now - 10_000 }, now)).toBe('Last sync just now. 1 change waiting to sync.');
    expect(statusLine({ running: true, pending: 5, lastSyncAt: now - 10_000 }, now)).toBe('Syncing…');
  });

  it('rounds times the way people say them', () => {
    expect(ago(now - 61 * 60_000, now)).toBe('1 hour ago');
    expect(ago(now - 26 * 3600_000, now)).toBe('yesterday');
    expect(ago(now - 3 * 86400_000, now)).toBe('3 days ago');
    expect(ago(now - 30 * 86400_000, now)).toMatch(/^on /);
    expect(ago(now + 5000, now)).toBe('just now');
  });

  it('labels progress "Sending… N of M" and "Receiving… N of M"', () => {
    expect(progressLabel({ phase: 'push', done: 500, total: 2000 })).toBe('Sending… 500 of 2,000');
    expect(progressLabel({ phase: 'pull', done: 3, total: 2 })).toBe('Receiving… 2 of 2');
    expect(progressLabel({ phase: 'pull', done: 40 })).toBe('Receiving… 40');
    expect(progressLabel({ phase: 'connect', done: 0 })).toBe('Connecting to the server…');
  });
});
