/**
 * Reader for Markdown files: our own format (front matter plus `## card-id` sections), or the
 * plain shapes people write — `Q:`/`A:` pairs, or a heading per card with the answer below it.
 * Without front matter the deck is named after a lone title heading or the file.
 */
import { AppError, ErrorCode } from '../../core/errors';
import { CARD_ID_RE, clozeNumbers, parseDeckFile } from '../prepdeck/parse';
import { prepdeckPlan } from '../prepdeck/to-plan';
import type { ImportPlan, PlanCard, PlanNote } from '../plan';
import { stableHash } from '../shared/hash';
import { cardIdFor, deckAncestors, deckIdForName, deckNameFromFile, normalizeDeckName } from '../shared/ids';
import { decodeText } from '../text/decode';
import { hasQuestionAnswerPairs, readHeadingCards, readQuestionAnswerPairs } from './shapes';

export function readMarkdown(bytes: Uint8Array, fileName: string, opts: { now?: number } = {}): ImportPlan {
  const now = opts.now ?? 0;
  const { text } = decodeText(bytes, fileName);
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const parsed = parseDeckFile(text, fileName);
  // Our format: `## card-id` headings; files of a deck folder other than deck.md have no front
  // matter, so without it every card must also have the `---` between front and back.
  const idHeadings = parsed.cards.length > 0 && parsed.cards.every((c) => CARD_ID_RE.test(c.id));
  const frontMatter = lines[0]?.trim() === '---';
  const ourFormat = idHeadings && (frontMatter || parsed.cards.every((c) => c.back !== '' || c.kind === 'cloze'));
  if (ourFormat) {
    const plan = prepdeckPlan(parsed, fileName, now);
    if (plan.notes.length === 0) throw new AppError(ErrorCode.NoRows, `Nothing to import from "${fileName}": every card has a problem. ${plan.warnings[0] ?? ''}`.trim());
    return plan;
  }

  // Plain shapes start after the front matter, if any.
  let from = 0;
  if (lines[0]?.trim() === '---') {
    const close = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
    from = close > 0 ? close + 1 : 0;
  }
  const shape = hasQuestionAnswerPairs(lines.slice(from)) ? readQuestionAnswerPairs(lines, from) : readHeadingCards(lines, from);
  if (shape.cards.length === 0)
    throw new AppError(ErrorCode.NoRows, `Nothing to import from "${fileName}": no cards found. Use "## card-id" sections (Prepdeck format), a heading per card with the answer below, or "Q:"/"A:" lines.`);

  const deckName = normalizeDeckName(parsed.meta.name ?? shape.title ?? '') || deckNameFromFile(fileName);
  const deckId = deckIdForName(deckName);
  const notes: PlanNote[] = [];
  const cards: PlanCard[] = [];
  const used = new Set<string>();
  let clozeNotes = 0;
  for (const c of shape.cards) {
    let id = `md-${stableHash(`${deckName.toLowerCase()}\x1f${c.front}`)}`;
    for (let k = 2; used.has(id); k++) id = `md-${stableHash(`${deckName.toLowerCase()}\x1f${c.front}`)}-${k}`;
    used.add(id);
    const numbers = clozeNumbers(c.front);
    const kind = numbers.length > 0 ? 'cloze' : 'basic';
    if (kind === 'cloze') clozeNotes++;
    notes.push({ id, deckId, kind, format: 'markdown', front: c.front, back: c.back, tags: [], topics: [], mtime: now });
    for (const ord of kind === 'cloze' ? numbers.map((n) => n - 1) : [0]) cards.push({ id: cardIdFor(id, ord), noteId: id, deckId, ord, newPosition: cards.length });
  }
  const warnings = shape.skipped.length
    ? [`${shape.skipped.length} card${shape.skipped.length === 1 ? ' has' : 's have'} no answer and ${shape.skipped.length === 1 ? 'was' : 'were'} skipped (line${shape.skipped.length === 1 ? '' : 's'} ${shape.skipped.slice(0, 5).join(', ')}).`]
    : [];
  return {
    format: 'markdown',
    decks: [...deckAncestors(deckName), deckName].map((name) => ({ id: deckIdForName(name), name })),
    notes,
    cards,
    revlog: [],
    media: [],
    warnings,
    stats: { clozeNotes, mediaInMap: 0, missingMedia: [], strippedScripts: 0 },
  };
}
