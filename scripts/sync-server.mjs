// A CouchDB-compatible server for sync tests and local trials: pouchdb-server, in memory, on a
// free loopback port. Prints "Sync server: http://127.0.0.1:<port>" once it answers. Its config
// and log files go to a temporary folder (pouchdb-server writes them into its working directory).
// Usage: npm run sync-server [-- --port 5984]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const asked = process.argv.indexOf('--port');

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const port = asked > 0 ? Number(process.argv[asked + 1]) : await freePort();
const dir = mkdtempSync(join(tmpdir(), 'prepdeck-sync-'));
const child = spawn(process.execPath, [join(root, 'node_modules/pouchdb-server/bin/pouchdb-server'), '--in-memory', '--port', String(port), '--host', '127.0.0.1', '--no-stdout-logs'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
const url = `http://127.0.0.1:${port}`;
const stop = () => {
  child.kill();
  rmSync(dir, { recursive: true, force: true });
};
process.on('SIGINT', () => (stop(), process.exit(0)));
process.on('SIGTERM', () => (stop(), process.exit(0)));
child.on('exit', (code) => {
  rmSync(dir, { recursive: true, force: true });
  process.exit(code ?? 0);
});
for (let i = 0; i < 100; i++) {
  try {
    const r = await fetch(url);
    if (r.ok) {
      console.log(`Sync server: ${url}`);
      break;
    }
  } catch {
    await new Promise((r) => setTimeout(r, 100));
  }
}
