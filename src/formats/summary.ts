/**
 * The counts `npm run import:inspect` prints and the import preview shows, computed from a plan:
 * notes (data rows for text formats), cards, cloze notes, cards per deck (decks holding cards
 * only, `::` names), media-map entries, cards that are not new, review-log entries, warnings.
 */
import type { ImportPlan } from './plan';

export interface PlanSummary {
  format: string;
  notes: number;
  cards: number;
  clozeNotes: number;
  decks: Record<string, number>;
  media: number;
  reviewCards: number;
  revlog: number;
  warnings: string[];
}

const TEXT_FORMATS = new Set(['csv', 'tsv', 'anki-text', 'quizlet']);

export function summarizePlan(plan: ImportPlan): PlanSummary {
  const names = new Map(plan.decks.map((d) => [d.id, d.name]));
  const counts = new Map<string, number>();
  for (const c of plan.cards) {
    const name = names.get(c.deckId) ?? c.deckId;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const decks: Record<string, number> = {};
  for (const name of [...counts.keys()].sort()) decks[name] = counts.get(name)!;
  return {
    format: plan.format,
    notes: TEXT_FORMATS.has(plan.format) && plan.stats.rows !== undefined ? plan.stats.rows : plan.notes.length,
    cards: plan.cards.length,
    clozeNotes: plan.stats.clozeNotes,
    decks,
    media: plan.stats.mediaInMap,
    reviewCards: plan.cards.filter((c) => c.schedule !== undefined && c.schedule.type !== 0).length,
    revlog: plan.revlog.length,
    warnings: plan.warnings,
  };
}
