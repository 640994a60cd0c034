import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';

/** Browser tests run against the production build; build it if `npm test` has not already. */
export default function setup(): void {
  const repo = resolve(import.meta.dirname, '..', '..');
  if (!existsSync('/usr/bin/chromium')) execFileSync('bash', [join(repo, 'scripts/ensure-chromium.sh')], { stdio: 'inherit' });
  // NODE_ENV: vitest sets it to "test", and a Vite build under anything but "production" is a
  // development build (import.meta.env.DEV true: no service worker is registered).
  if (!existsSync(join(repo, 'dist', 'sw.js'))) execFileSync('npm', ['run', 'build'], { cwd: repo, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
}
