/**
 * Reader for Markdown files: our own format (front matter plus `## card-id` sections), or the
 * dialects people publish — heading decks (`##` category, `###` card), Obsidian callout cards,
 * the Obsidian Spaced Repetition plugin's `::`/`?` syntax, Logseq `#card` blocks, mkdocs
 * admonitions and `Q:`/`A:` pairs. Each dialect is a pure function from lines to cards; every
 * one that applies is run and the one that finds the most cards wins. Without a title the deck is
 * named after the file.
 */
import { AppError, ErrorCode } from '../../core/errors';
import { CARD_ID_RE, clozeNumbers, parseDeckFile } from '../prepdeck/parse';
import { prepdeckPlan } from '../prepdeck/to-plan';
import type { ImportPlan, PlanCard, PlanDeck, PlanNote, PlanSchedule } from '../plan';
import { stableHash } from '../shared/hash';
import { cardIdFor, deckAncestors, deckIdForName, deckNameFromFile, normalizeDeckName, noteIdForGuid } from '../shared/ids';
import { decodeText } from '../text/decode';
import { countAnswerBoxes, readCallouts } from './callouts';
import { convertEmbeds, lineList, localImages, plural, readFrontMatter, type ConvertStats, type MdCard, type MdDeck } from './common';
import { readHeadingCards } from './headings';
import { countLogseqCards, readLogseq } from './logseq';
import { readObsidianSr, SR_COMMENT_RE } from './obsidian-sr';
import { hasQuestionAnswerPairs, readQuestionAnswerPairs } from './shapes';

export type MarkdownDialect = 'logseq' | 'obsidian-sr' | 'qa' | 'headings' | 'callouts';

interface Candidate {
  dialect: MarkdownDialect;
  deck: MdDeck;
  score: number;
  stats: ConvertStats;
  extra: string[];
}

/** Runs every dialect reader that applies; the most cards wins, ties going to the earlier dialect. */
export function readDialects(lines: string[], from: number, frontMatterTags: string[]): Candidate[] {
  const candidates: Candidate[] = [];
  if (countLogseqCards(lines, from) > 0) {
    const deck = readLogseq(lines, from);
    const extra: string[] = [];
    if (deck.schedulingProps) {
      const kept = deck.cards.filter((c) => c.schedules).length;
      extra.push(`${plural(kept, 'card')} ${kept === 1 ? 'keeps its' : 'keep their'} Logseq review schedule (card-next-schedule::, card-last-interval::); past reviews are not in the file.`);
    }
    if (deck.blockRefs) extra.push(`${plural(deck.blockRefs, 'block reference')} (((…)) or {{embed …}}) cannot be shown and ${deck.blockRefs === 1 ? 'appears' : 'appear'} as a placeholder; copy the text into the card to keep it.`);
    if (deck.bulletShare >= 0.5) candidates.push({ dialect: 'logseq', deck, score: deck.cards.length * 2, stats: { styled: 0 }, extra });
  }
  const srStats: ConvertStats = { styled: 0 };
  const sr = readObsidianSr(lines, from, frontMatterTags, srStats);
  if (sr.cards.length) {
    const extra: string[] = [];
    const kept = sr.cards.filter((c) => c.schedules?.some(Boolean)).length;
    if (sr.srComments) extra.push(`${plural(sr.srComments, 'review schedule')} of the Obsidian Spaced Repetition plugin (<!--SR:…-->) ${kept ? `kept for ${plural(kept, 'card')}` : 'were read'}; past reviews are not in the file.`);
    // A note tagged #flashcards is the plugin's own: its headings are context, not cards, so its
    // cards win over any other reading of the page (the plugin's test vault has such notes).
    candidates.push({ dialect: 'obsidian-sr', deck: sr, score: sr.tagged ? 1e9 + sr.cards.length : sr.cards.length * 0.5, stats: srStats, extra });
  }
  if (hasQuestionAnswerPairs(lines.slice(from))) {
    const deck = readQuestionAnswerPairs(lines, from);
    candidates.push({ dialect: 'qa', deck, score: deck.cards.length, stats: { styled: 0 }, extra: [] });
  }
  const hStats: ConvertStats = { styled: 0 };
  const headings = readHeadingCards(lines, from, hStats);
  candidates.push({ dialect: 'headings', deck: headings, score: headings.cards.length, stats: hStats, extra: [] });
  if (countAnswerBoxes(lines, from) > 0) {
    const cStats: ConvertStats = { styled: 0 };
    const deck = readCallouts(lines, from, cStats);
    candidates.push({ dialect: 'callouts', deck, score: deck.cards.length, stats: cStats, extra: [] });
  }
  return candidates;
}

function pickDialect(candidates: Candidate[]): Candidate {
  let best = candidates[0]!;
  for (const c of candidates) if (c.score > best.score) best = c;
  return best;
}

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

  // The dialects start after the front matter, if any.
  const fm = readFrontMatter(lines);
  const chosen = pickDialect(readDialects(lines, fm.from, fm.tags));
  const shape = chosen.deck;
  if (shape.cards.length === 0)
    throw new AppError(
      ErrorCode.NoRows,
      `Nothing to import from "${fileName}": no cards found. Use "## card-id" sections (Prepdeck format), a heading per card with the answer below, "Q:"/"A:" lines, Obsidian callouts ("> [!question]" then "> [!answer]-"), "Front::Back" lines, or Logseq blocks tagged #card.`,
    );

  const deckName = normalizeDeckName(fm.title ?? parsed.meta.name ?? shape.title ?? '') || deckNameFromFile(fileName);
  const notes: PlanNote[] = [];
  const cards: PlanCard[] = [];
  const decks = new Map<string, PlanDeck>();
  const addDeck = (name: string) => {
    for (const n of [...deckAncestors(name), name]) if (!decks.has(n.toLowerCase())) decks.set(n.toLowerCase(), { id: deckIdForName(n), name: n });
    return deckIdForName(name);
  };
  const used = new Set<string>();
  const embeds = { noteEmbeds: 0 };
  const missing = new Set<string>();
  let missingRefs = 0;
  let clozeNotes = 0;
  let srStripped = 0;
  for (const c of shape.cards) {
    const clean = (s: string) =>
      convertEmbeds(s, embeds).replace(SR_COMMENT_RE, () => {
        srStripped++;
        return '';
      });
    const front = clean(c.front);
    const back = clean(c.back);
    for (const src of [...localImages(front), ...localImages(back)]) {
      missing.add(src);
      missingRefs++;
    }
    let id = c.guid ? noteIdForGuid(c.guid) : `md-${stableHash(`${deckName.toLowerCase()}\x1f${front}`)}`;
    const base = id;
    for (let k = 2; used.has(id); k++) id = `${base}-${k}`;
    used.add(id);
    const numbers = clozeNumbers(front);
    const kind = numbers.length > 0 ? 'cloze' : c.kind === 'cloze' ? 'basic' : c.kind;
    if (kind === 'cloze') clozeNotes++;
    const name = normalizeDeckName(c.absoluteDeck ? c.deck.join('::') : [deckName, ...c.deck].join('::')) || deckName;
    const deckId = addDeck(name);
    const tags = [...new Set(c.tags.map((t) => t.replace(/\s+/g, '-')).filter(Boolean))];
    notes.push({ id, deckId, kind, format: 'markdown', front, back, tags, topics: [], mtime: now, ...(c.guid ? { guid: c.guid } : {}) });
    const ords = kind === 'cloze' ? numbers.map((n) => n - 1) : kind === 'reversed' ? [0, 1] : [0];
    ords.forEach((ord, k) => {
      const card: PlanCard = { id: cardIdFor(id, ord), noteId: id, deckId, ord, newPosition: cards.length };
      const schedule: PlanSchedule | undefined = c.schedules?.[k];
      if (schedule) card.schedule = schedule;
      cards.push(card);
    });
  }
  if (decks.size === 0) addDeck(deckName);
  const warnings = [...shape.warnings, ...chosen.extra];
  const skipped = shape.skipped;
  if (skipped.length) warnings.push(`${skipped.length} card${skipped.length === 1 ? ' has' : 's have'} no answer and ${skipped.length === 1 ? 'was' : 'were'} skipped (${lineList(skipped)}).`);
  if (shape.outside.length) warnings.push(`${plural(shape.outside.length, 'line')} of text ${shape.outside.length === 1 ? 'is' : 'are'} not part of any card and ${shape.outside.length === 1 ? 'was' : 'were'} not imported (${lineList(shape.outside)}).`);
  if (chosen.stats.styled) warnings.push(`${plural(chosen.stats.styled, 'callout')} (note, tip, example, …) ${chosen.stats.styled === 1 ? 'is' : 'are'} shown as a plain quote: the coloured box is not kept.`);
  if (embeds.noteEmbeds) warnings.push(`${plural(embeds.noteEmbeds, 'embed')} of other notes (![[…]]) cannot be shown and stay as links.`);
  if (missing.size) warnings.push(`${plural(missing.size, 'image')} (${[...missing].slice(0, 3).join(', ')}${missing.size > 3 ? ', …' : ''}) ${missing.size === 1 ? 'is' : 'are'} not in this file and will show as missing (${plural(missingRefs, 'reference')}). Import the deck with its images (a zip or package) to see them.`);
  if (srStripped) warnings.push(`${plural(srStripped, 'review schedule')} (<!--SR:…-->) inside card text ${srStripped === 1 ? 'was' : 'were'} removed.`);
  return {
    format: 'markdown',
    decks: [...decks.values()],
    notes,
    cards,
    revlog: [],
    media: [],
    warnings,
    stats: { clozeNotes, mediaInMap: 0, missingMedia: [...missing], strippedScripts: 0 },
  };
}

export type { MdCard };
