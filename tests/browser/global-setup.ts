import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';

/** Browser tests run against the production build; build it if `npm test` has not already. */
export default function setup(): void {
  const repo = resolve(import.meta.dirname, '..', '..');
  if (!existsSync('/usr/bin/chromium')) execFileSync('bash', [join(repo, 'scripts/ensure-chromium.sh')], { stdio: 'inherit' });
  if (!existsSync(join(repo, 'dist', 'sw.js'))) execFileSync('npm', ['run', 'build'], { cwd: repo, stdio: 'inherit' });
}
