/**
 * Runs the app's importers in Node on one file and prints what an import would bring in.
 * Usage: npm run import:inspect -- <file> [--json] [--separator <sep>] [--term-separator <s> --card-separator <s>]
 * The last two read the file as a Quizlet export (escapes: \t tab, \n new line, \\ backslash).
 * <file> may be a folder (a CrowdAnki export): its files are read as a zip of the folder.
 * With --json: exactly one JSON object on stdout. On a file that cannot be read: a one-line
 * error on stderr and exit code 1 (2 for wrong usage).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { loadSqlJsNode } from '../src/formats/apkg/sql-node';
import { readImport } from '../src/formats/index';
import { writeZip, type ZipMemberInput } from '../src/formats/shared/zip-write';
import { summarizePlan, type PlanSummary } from '../src/formats/summary';
import { unescapeSeparator } from '../src/formats/text/quizlet';

function usage(message: string): never {
  process.stderr.write(`import:inspect: ${message}\nusage: npm run import:inspect -- <file> [--json] [--separator <sep>] [--term-separator <s> --card-separator <s>]\n`);
  process.exit(2);
}

/** A folder (a CrowdAnki export) as an in-memory zip of its files, paths relative to the folder. */
function zipFolder(dir: string): Uint8Array {
  const members: ZipMemberInput[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) members.push({ name: relative(dir, path).split(sep).join('/'), data: new Uint8Array(readFileSync(path)), compress: false });
    }
  };
  walk(dir);
  return writeZip(members);
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
  const termAt = args.indexOf('--term-separator');
  const cardAt = args.indexOf('--card-separator');
  const term = termAt >= 0 ? args[termAt + 1] : undefined;
  const card = cardAt >= 0 ? args[cardAt + 1] : undefined;
  if ((termAt >= 0 && term === undefined) || (cardAt >= 0 && card === undefined)) usage('--term-separator and --card-separator need a value');
  const quizlet = termAt >= 0 || cardAt >= 0 ? { term: unescapeSeparator(term ?? '\\t'), card: unescapeSeparator(card ?? '\\n') } : undefined;
  const values = new Set([sepAt, termAt, cardAt].filter((i) => i >= 0).map((i) => i + 1));
  const files = args.filter((a, i) => !a.startsWith('--') && !values.has(i));
  if (files.length !== 1) usage(files.length === 0 ? 'no file given' : 'give exactly one file');
  const file = files[0]!;
  let bytes: Uint8Array;
  let name = basename(file);
  try {
    if (statSync(file).isDirectory()) {
      bytes = zipFolder(file);
      name = `${basename(file)}.zip`;
    } else bytes = new Uint8Array(readFileSync(file));
  } catch (e) {
    throw new Error(`cannot open ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  const plan = await readImport(bytes, name, { sql: loadSqlJsNode, now: 0, ...(separator !== undefined || quizlet ? { text: { ...(separator !== undefined ? { separator } : {}), ...(quizlet ? { quizlet } : {}) } } : {}) });
  const summary = summarizePlan(plan);
  process.stdout.write(`${json ? JSON.stringify(summary) : readable(summary, file)}\n`);
}

main().catch((e: unknown) => {
  const message = e instanceof Error ? e.message : String(e);
  process.stderr.write(`import:inspect: ${message.replace(/\s+/g, ' ')}\n`);
  process.exit(1);
});
