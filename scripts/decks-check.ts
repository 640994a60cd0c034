/**
 * Validates every built-in deck (docs/deck-format.md, "Checks").
 * Usage: npm run decks:check [-- --json] [-- --update-lock]
 *   --update-lock  adds card ids that are not yet in decks/ids.lock (never removes any), then checks.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { formatIdsLock, parseIdsLock, readSourceDecks, readTopics } from './lib/decks';
import { checkCardText, proseWordCount } from './lib/card-lint';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'decks');
const json = process.argv.includes('--json');
const updateLock = process.argv.includes('--update-lock');
const notes: string[] = [];
const errors: string[] = [];
const topics = readTopics(root);
const decks = readSourceDecks(root, errors);
const LONG_FORM_DECKS = new Set(['ml-system-design', 'software-engineering', 'behavioural', 'llm-engineering']);
/** Size floors. Cards are counted as notes (one per `## id` heading), the number the summary prints. */
const MIN_TOTAL_CARDS = 1900;
const MIN_PER_SUBTOPIC = 3;
const MIN_PER_SUBTOPIC_BY_LETTER: Record<string, number> = { g: 5 };
/** Behavioural subtopics need this many interview prompts whose back says what the interviewer listens for. */
const MIN_BEHAVIOURAL_PROMPTS = 6;
const LISTENS_FOR = /what the interviewer listens for/i;
const LOCK_FILE = join(root, 'ids.lock');

const ids = new Map<string, string>();
const fronts = new Map<string, string>();
const subtopics: Record<string, number> = Object.fromEntries(Object.keys(topics.topics).map((k) => [k, 0]));
const python: { where: string; code: string }[] = [];
const summary: Record<string, { name: string; cards: number }> = {};
const prompts: Record<string, number> = {};

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
    if (deck.meta.id === 'behavioural' && LISTENS_FOR.test(card.back))
      for (const t of card.topics) prompts[t] = (prompts[t] ?? 0) + 1;
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
if (total < MIN_TOTAL_CARDS) errors.push(`${total} cards in all decks (at least ${MIN_TOTAL_CARDS})`);
const floor = (t: string) => MIN_PER_SUBTOPIC_BY_LETTER[t.split('.')[0]!] ?? MIN_PER_SUBTOPIC;
const uncovered = Object.entries(subtopics).filter(([t, n]) => n < floor(t)).map(([k]) => k);
for (const t of uncovered) errors.push(`subtopic ${t} (${topics.topics[t]}) has ${subtopics[t]} card(s) (at least ${floor(t)})`);
for (const t of Object.keys(topics.topics).filter((k) => k.startsWith('f.'))) {
  const n = prompts[t] ?? 0;
  if (n < MIN_BEHAVIOURAL_PROMPTS)
    errors.push(`subtopic ${t} has ${n} behavioural prompt(s) whose back says "What the interviewer listens for" (at least ${MIN_BEHAVIOURAL_PROMPTS})`);
}

// Card ids are stable: every id in decks/ids.lock must still exist, unless it is retired with a reason.
if (!existsSync(LOCK_FILE) && !updateLock) errors.push('decks/ids.lock is missing: create it with `npx tsx scripts/decks-check.ts --update-lock`');
else {
  const lock = parseIdsLock(existsSync(LOCK_FILE) ? readFileSync(LOCK_FILE, 'utf8') : '');
  errors.push(...lock.errors);
  const locked = new Set(lock.ids);
  const fresh = [...ids.keys()].filter((id) => !locked.has(id) && !lock.retired.has(id)).sort();
  if (updateLock && fresh.length > 0) {
    writeFileSync(LOCK_FILE, formatIdsLock([...lock.ids, ...fresh], lock.retired));
    notes.push(`added ${fresh.length} new card id(s) to decks/ids.lock`);
    for (const id of fresh) locked.add(id);
  } else if (fresh.length > 0)
    notes.push(
      `${fresh.length} card id(s) are not in decks/ids.lock yet (e.g. ${fresh.slice(0, 3).join(', ')}): add them with \`npx tsx scripts/decks-check.ts --update-lock\``,
    );
  for (const id of [...locked].sort())
    if (!ids.has(id) && !lock.retired.has(id))
      errors.push(`card id "${id}" is in decks/ids.lock but in no deck: progress is attached to ids, so restore the card (or keep its id on the card that replaced it), or move the id under "retired:" in decks/ids.lock with a reason`);
  for (const [id, why] of lock.retired)
    if (ids.has(id)) errors.push(`${ids.get(id)}: card id "${id}" was retired (${why}) and must not be reused`);
}
if (json) {
  console.log(JSON.stringify({ total, decks: summary, subtopics, uncovered, errors, notes }));
} else {
  for (const [id, d] of Object.entries(summary)) console.log(`${d.cards.toString().padStart(5)}  ${id}  (${d.name})`);
  console.log(`${total.toString().padStart(5)}  cards in ${decks.length} decks`);
  if (uncovered.length) console.log(`subtopics under their floor of cards (${uncovered.length}): ${uncovered.join(', ')}`);
  for (const n of notes) console.log(`note: ${n}`);
  for (const e of errors) console.error(`error: ${e}`);
  console.log(errors.length ? `${errors.length} error(s)` : 'decks: ok');
}
process.exit(errors.length ? 1 : 0);
