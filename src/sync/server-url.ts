/**
 * The one check of a sync server address (pure), used by the Settings form before any network
 * call (ui/sync-text.ts) and by the client before each sync (sync/errors.ts `checkServerUrl`).
 * Plain http is accepted only for a server on this computer: anywhere else the password would
 * travel unencrypted (and the app's Content-Security-Policy refuses it anyway).
 */
export const EXAMPLE_SERVER = 'https://couch.example.org/userdb-616c696365';
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The parsed address, or what is wrong with it in plain words. */
export function parseServerUrl(input: string): { ok: true; url: URL } | { ok: false; message: string } {
  const server = input.trim();
  const bad = (message: string) => ({ ok: false as const, message });
  if (!server) return bad(`Enter the address of your sync server, e.g. ${EXAMPLE_SERVER}.`);
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return bad(`“${server}” is not a web address. It starts with https://, e.g. ${EXAMPLE_SERVER}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return bad(`The server address must start with https:// (or http:// for a server on this computer), not ${url.protocol}//.`);
  if (!url.hostname) return bad(`The server address has no host name, e.g. ${EXAMPLE_SERVER}.`);
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname)) return bad('Use https:// for a server on another computer: over http:// your password would travel unencrypted. (http:// works only for localhost and 127.0.0.1.)');
  if (url.username || url.password) return bad('Put the user name and password in their own fields, not in the server address.');
  if (url.pathname.replace(/\/+$/, '') === '') return bad(`The address needs your database’s name after the server, e.g. ${EXAMPLE_SERVER}.`);
  if (url.search || url.hash) return bad('The server address is the address of your database, without ? or # parts.');
  return { ok: true, url };
}
