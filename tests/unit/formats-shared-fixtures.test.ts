/**
 * Second tier: the readers on every file in the shared fixture folder (real public decks and
 * synthetic packages of each generation), checked against the facts in its expect.json files.
 * Skipped where that folder does not exist (it lives beside the repository, not in it).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SqlJsStatic } from 'sql.js';
import { AppError } from '../../src/core/errors';
import { loadSqlJsNode } from '../../src/formats/apkg/sql-node';
import { readImport } from '../../src/formats/index';
import type { ImportPlan } from '../../src/formats/plan';
import { summarizePlan } from '../../src/formats/summary';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIXTURES = resolve(repoRoot, '..', 'shared', 'fixtures', 'decks');
const present = existsSync(join(FIXTURES, 'expect.json'));

interface Expect {
  expected?: 'ok' | 'error';
  note_count?: number;
  card_count?: number;
  cloze_notes?: number;
  decks_with_cards?: string[];
  cards_per_deck?: Record<string, number>;
  media_files?: number;
  review_state_cards?: number;
  revlog_entries?: number;
  image_refs_missing_from_media?: string[];
  notes_with_script_tag?: number;
  notes_with_event_handler_attr?: number;
  row_count?: number;
  notetypes?: Record<string, { notes: number; cards?: number }>;
  decks_in_file?: string[];
  decks_without_cards?: string[];
  parent_decks_missing_from_file?: string[];
}

function expectations(): [string, string, Expect][] {
  if (!present) return [];
  const out: [string, string, Expect][] = [];
  for (const dir of [FIXTURES, join(FIXTURES, 'public')]) {
    const file = join(dir, 'expect.json');
    if (!existsSync(file)) continue;
    const all = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Expect>;
    for (const name of readdirSync(dir).filter((n) => n in all).sort()) out.push([name, join(dir, name), all[name]!]);
  }
  return out;
}

describe.skipIf(!present)('shared deck fixtures (../shared/fixtures/decks)', () => {
  let sql: SqlJsStatic;
  beforeAll(async () => {
    sql = await loadSqlJsNode();
  });

  it('should have an expectation for every fixture file', () => {
    const names = new Set(expectations().map(([n]) => n));
    for (const dir of [FIXTURES, join(FIXTURES, 'public')])
      for (const f of readdirSync(dir).filter((n) => /\.(apkg|colpkg|csv)$/.test(n))) expect(names, f).toContain(f);
  });

  describe.each(expectations())('%s', (name, path, exp) => {
    if (exp.expected === 'error') {
      it('should refuse the file with an AppError and a readable message', async () => {
        const e = await readImport(new Uint8Array(readFileSync(path)), name, { sql }).catch((x: unknown) => x);
        expect(e).toBeInstanceOf(AppError);
        expect((e as AppError).message).toMatch(/^[A-Z].{15,}\.$/);
      });
      return;
    }

    let plan: ImportPlan;
    beforeAll(async () => {
      plan = await readImport(new Uint8Array(readFileSync(path)), name, { sql });
    });

    it('should match the note, card and cloze counts', () => {
      const s = summarizePlan(plan);
      if (exp.row_count !== undefined) expect(s.notes).toBe(exp.row_count);
      if (exp.note_count !== undefined) expect(plan.notes.length).toBe(exp.note_count);
      if (exp.card_count !== undefined) expect(plan.cards.length).toBe(exp.card_count);
      if (exp.cloze_notes !== undefined) expect(s.clozeNotes).toBe(exp.cloze_notes);
    });

    it('should put the cards into the expected decks', () => {
      const s = summarizePlan(plan);
      if (exp.decks_with_cards) expect(Object.keys(s.decks).sort()).toEqual([...exp.decks_with_cards].sort());
      if (exp.cards_per_deck) expect(s.decks).toEqual(exp.cards_per_deck);
    });

    it('should count notes and cards per note type', () => {
      for (const [type, counts] of Object.entries(exp.notetypes ?? {})) {
        const notes = plan.notes.filter((n) => n.noteType === type);
        expect(notes.length, type).toBe(counts.notes);
        if (counts.cards !== undefined) expect(plan.cards.filter((c) => notes.some((n) => n.id === c.noteId)).length, type).toBe(counts.cards);
      }
    });

    it('should create the file\'s decks and missing parents, but not an empty Default', () => {
      if (!exp.decks_in_file) return;
      const expected = new Set([...exp.decks_in_file, ...(exp.parent_decks_missing_from_file ?? [])]);
      if (exp.decks_without_cards?.includes('Default')) expected.delete('Default');
      expect(plan.decks.map((d) => d.name).sort()).toEqual([...expected].sort());
    });

    it('should count media, review state and history as the file has them', () => {
      if (exp.media_files !== undefined) expect(plan.stats.mediaInMap).toBe(exp.media_files);
      if (exp.media_files !== undefined) expect(new Set(plan.media.map((m) => m.name)).size).toBe(exp.media_files);
      if (exp.review_state_cards !== undefined) expect(plan.cards.filter((c) => c.schedule?.type === 2).length).toBe(exp.review_state_cards);
      if (exp.revlog_entries !== undefined) expect(plan.revlog.length).toBe(exp.revlog_entries);
      if (exp.image_refs_missing_from_media) expect(plan.stats.missingMedia).toEqual([...exp.image_refs_missing_from_media].sort());
      const scriptNotes = (exp.notes_with_script_tag ?? 0) + (exp.notes_with_event_handler_attr ?? 0);
      if (scriptNotes > 0) expect(plan.stats.strippedScripts).toBeGreaterThanOrEqual(scriptNotes);
    });
  });
});
