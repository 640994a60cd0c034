/**
 * Runs the app's importers in Node on one file and prints what an import would bring in.
 * Usage: npm run import:inspect -- <file> [--json] [--separator <sep>]
 * With --json: exactly one JSON object on stdout. On a file that cannot be read: a one-line
 * error on stderr and exit code 1 (2 for wrong usage).
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { loadSqlJsNode } from '../src/formats/apkg/sql-node';
import { readImport } from '../src/formats/index';
import { summarizePlan, type PlanSummary } from '../src/formats/summary';

function usage(message: string): never {
  process.stderr.write(`import:inspect: ${message}\nusage: npm run import:inspect -- <file> [--json] [--separator <sep>]\n`);
  process.exit(2);
}

function readable(s: PlanSummary, file: string): string {
  const lines = [
    `${file} (${s.format})`,
    `  notes ${s.notes}, cards ${s.cards} (${s.reviewCards} with review progress), cloze notes ${s.clozeNotes}`,
    `  media files ${s.media}, review-log entries ${s.revlog}`,
    '  decks:',
    ...Object.entries(s.decks).map(([name, n]) => `    ${name}: ${n} card${n === 1 ? '' : 's'}`),
  ];
  if (s.warnings.length) lines.push('  warnings:', ...s.warnings.map((w) => `    - ${w}`));
  return lines.join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const sepAt = args.indexOf('--separator');
  const separator = sepAt >= 0 ? args[sepAt + 1] : undefined;
  if (sepAt >= 0 && separator === undefined) usage('--separator needs a value');
  const files = args.filter((a, i) => !a.startsWith('--') && !(sepAt >= 0 && i === sepAt + 1));
  if (files.length !== 1) usage(files.length === 0 ? 'no file given' : 'give exactly one file');
  const file = files[0]!;
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(file));
  } catch (e) {
    throw new Error(`cannot open ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  const plan = await readImport(bytes, basename(file), { sql: loadSqlJsNode, now: 0, ...(separator !== undefined ? { text: { separator } } : {}) });
  const summary = summarizePlan(plan);
  process.stdout.write(`${json ? JSON.stringify(summary) : readable(summary, file)}\n`);
}

main().catch((e: unknown) => {
  const message = e instanceof Error ? e.message : String(e);
  process.stderr.write(`import:inspect: ${message.replace(/\s+/g, ' ')}\n`);
  process.exit(1);
});
