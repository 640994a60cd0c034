/**
 * Validates every built-in deck (docs/deck-format.md, "Checks").
 * Usage: npm run decks:check [-- --json]
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { readSourceDecks, readTopics } from './lib/decks';
import { checkCardText, proseWordCount } from './lib/card-lint';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'decks');
const json = process.argv.includes('--json');
const errors: string[] = [];
const topics = readTopics(root);
const decks = readSourceDecks(root, errors);
const LONG_FORM_DECKS = new Set(['ml-system-design', 'software-engineering', 'behavioural']);

const ids = new Map<string, string>();
const fronts = new Map<string, string>();
const subtopics: Record<string, number> = Object.fromEntries(Object.keys(topics.topics).map((k) => [k, 0]));
const python: { where: string; code: string }[] = [];
const summary: Record<string, { name: string; cards: number }> = {};

for (const deck of decks) {
  summary[deck.meta.id] = { name: deck.meta.name, cards: deck.cards.length };
  const letter = topics.decks.find((d) => d.id === deck.meta.id)?.letter;
  for (const card of deck.cards) {
    const where = `${card.file}:${card.line} (${card.id})`;
    const prev = ids.get(card.id);
    if (prev) errors.push(`${where}: duplicate card id, first used at ${prev}`);
    else ids.set(card.id, where);
    const key = card.front.toLowerCase().replace(/\s+/g, ' ').trim();
    const prevFront = fronts.get(key);
    if (prevFront) errors.push(`${where}: same front as ${prevFront}`);
    else fronts.set(key, where);
    if (card.topics.length === 0) errors.push(`${where}: no "topics:" line`);
    for (const t of card.topics) {
      if (!(t in subtopics)) errors.push(`${where}: unknown subtopic id "${t}"`);
      else {
        subtopics[t]!++;
        if (letter && !t.startsWith(`${letter}.`) && card.topics.every((x) => !x.startsWith(`${letter}.`)))
          errors.push(`${where}: none of its topics belongs to this deck (${letter}.*)`);
      }
    }
    if (card.front.length > 600) errors.push(`${where}: front is ${card.front.length} characters (at most 600)`);
    const limit = LONG_FORM_DECKS.has(deck.meta.id) ? 200 : 120;
    const words = proseWordCount(card.back);
    if (words > limit) errors.push(`${where}: back has ${words} words of prose (at most ${limit})`);
    for (const side of [card.front, card.back]) {
      const lint = checkCardText(side);
      for (const e of lint.errors) errors.push(`${where}: ${e}`);
      for (const code of lint.python) python.push({ where, code });
    }
  }
}

// Every Python block must at least parse.
if (python.length > 0) {
  const script = [
    'import ast, json, sys',
    'out = []',
    'for i, block in enumerate(json.load(sys.stdin)):',
    '    try:',
    '        ast.parse(block)',
    '    except SyntaxError as e:',
    '        out.append([i, f"line {e.lineno}: {e.msg}"])',
    'print(json.dumps(out))',
  ].join('\n');
  const res = spawnSync('python3', ['-c', script], { input: JSON.stringify(python.map((p) => p.code)), encoding: 'utf8', maxBuffer: 64 << 20 });
  if (res.error || res.status !== 0) errors.push(`python3 could not check the Python blocks: ${res.error?.message ?? res.stderr}`);
  else for (const [i, msg] of JSON.parse(res.stdout) as [number, string][]) errors.push(`${python[i]!.where}: Python block does not parse (${msg})`);
}

const total = decks.reduce((n, d) => n + d.cards.length, 0);
const uncovered = Object.entries(subtopics).filter(([, n]) => n < 3).map(([k]) => k);
if (json) {
  console.log(JSON.stringify({ total, decks: summary, subtopics, uncovered, errors }));
} else {
  for (const [id, d] of Object.entries(summary)) console.log(`${d.cards.toString().padStart(5)}  ${id}  (${d.name})`);
  console.log(`${total.toString().padStart(5)}  cards in ${decks.length} decks`);
  if (uncovered.length) console.log(`subtopics with fewer than 3 cards (${uncovered.length}): ${uncovered.join(', ')}`);
  for (const e of errors) console.error(`error: ${e}`);
  console.log(errors.length ? `${errors.length} error(s)` : 'decks: ok');
}
process.exit(errors.length ? 1 : 0);
