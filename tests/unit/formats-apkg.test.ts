import { beforeAll, describe, expect, it } from 'vitest';
import type { SqlJsStatic } from 'sql.js';
import { loadSqlJsNode } from '../../src/formats/apkg/sql-node';
import { readApkg } from '../../src/formats/apkg/read';
import type { ImportPlan } from '../../src/formats/plan';
import { summarizePlan } from '../../src/formats/summary';
import { latexImageName } from '../../src/formats/apkg/latex';
import { CRT, FIXTURE_EXPECT, fixtureContent, LEARNING_DUE, TINY_PNG } from '../fixtures/anki-content';
import { buildLatestApkg, buildLegacyApkg, buildStubFirstApkg } from '../fixtures/anki-packages';

let sql: SqlJsStatic;
beforeAll(async () => {
  sql = await loadSqlJsNode();
});

const GENERATIONS = [
  { name: 'legacy collection.anki2', format: 'apkg-anki2', build: (s: SqlJsStatic) => buildLegacyApkg(s) },
  { name: 'collection.anki21 behind a stub first member', format: 'apkg-anki21', build: (s: SqlJsStatic) => buildStubFirstApkg(s) },
  { name: 'latest collection.anki21b (meta 3, zstd, protobuf)', format: 'apkg-anki21b', build: (s: SqlJsStatic) => buildLatestApkg(s) },
];

function note(plan: ImportPlan, guid: string) {
  const n = plan.notes.find((x) => x.guid === guid);
  if (!n) throw new Error(`no note ${guid}`);
  return n;
}

describe.each(GENERATIONS)('readApkg: $name', ({ format, build }) => {
  let plan: ImportPlan;
  beforeAll(async () => {
    plan = await readApkg(build(sql), 'fixture.apkg', { sql });
  });

  it('should pick the real collection and count notes, cards, decks and media', () => {
    const s = summarizePlan(plan);
    expect(s.format).toBe(format);
    expect(s.notes).toBe(FIXTURE_EXPECT.notes);
    expect(s.cards).toBe(FIXTURE_EXPECT.cards);
    expect(s.clozeNotes).toBe(FIXTURE_EXPECT.clozeNotes);
    expect(s.decks).toEqual(FIXTURE_EXPECT.decks);
    expect(s.media).toBe(FIXTURE_EXPECT.media);
    expect(s.revlog).toBe(FIXTURE_EXPECT.revlog);
    expect(plan.notes.some((n) => n.front.includes('newer version') || n.front.includes('Please update'))).toBe(false);
  });

  it('should create missing parents, leave out Default and filtered decks', () => {
    expect(plan.decks.map((d) => d.name)).toEqual(FIXTURE_EXPECT.deckNames);
    expect(plan.decks.find((d) => d.name === 'Fixture::Basics')?.description).toBe('Basic cards.');
  });

  it('should put a card of a filtered deck into its home deck', () => {
    const rev = note(plan, 'Rev~Guid');
    const card = plan.cards.find((c) => c.id === `${rev.id}-1`)!;
    expect(plan.decks.find((d) => d.id === card.deckId)?.name).toBe('Fixture::Basics');
  });

  it('should keep cloze markup on the front and the extra on the back, without sides', () => {
    const cloze = note(plan, 'clozeguid');
    expect(cloze).toMatchObject({ kind: 'cloze', format: 'html', front: '{{c1::Paris}} is the capital of {{c2::France}}.', back: 'Geography' });
    expect(cloze.sides).toBeUndefined();
    expect(plan.cards.filter((c) => c.noteId === cloze.id).map((c) => c.ord)).toEqual([0, 1]);
  });

  it('should render one side pair per template for reversed notes', () => {
    const rev = note(plan, 'Rev~Guid');
    expect(rev.kind).toBe('reversed');
    expect(rev.sides?.map((s) => s.front)).toEqual(['dog', 'Hund']);
    expect(rev.sides?.[1]?.back).toBe('Hund\n\n<hr id=answer>\n\ndog');
  });

  it('should turn {{type:Back}} into a plain-text expected answer', () => {
    const typed = note(plan, 'type-guid');
    expect(typed.kind).toBe('type-in');
    expect(typed.answer).toBe('4');
    expect(typed.sides?.[0]).toMatchObject({ front: '2 + 2 = ?', typeAnswer: '4' });
    expect(typed.sides?.[0]?.front).not.toContain('{{');
  });

  it('should keep field HTML and entities exactly as stored', () => {
    const img = note(plan, 'Img&Guid1');
    expect(img.back).toBe('This one: <img src="tiny.png"> &lt;b&gt;');
    expect(img.tags).toEqual(['media', 'geo::maps']);
  });

  it('should import the media with its mime type for the deck that shows it', () => {
    expect(plan.media).toHaveLength(1);
    const m = plan.media[0]!;
    expect(m).toMatchObject({ name: 'tiny.png', mime: 'image/png' });
    expect([...m.data]).toEqual([...TINY_PNG]);
    expect(plan.decks.find((d) => d.id === m.deckId)?.name).toBe('Fixture::Basics');
  });

  it('should report missing media and script candidates as warnings, not errors', () => {
    expect(plan.stats.missingMedia).toEqual(FIXTURE_EXPECT.missingMedia);
    expect(plan.stats.strippedScripts).toBe(FIXTURE_EXPECT.strippedScripts);
    expect(plan.warnings.join(' ')).toMatch(/gone\.png/);
    expect(plan.warnings.join(' ')).toMatch(/script/);
  });

  it('should turn Anki LaTeX without rendered images into MathJax delimiters', () => {
    const latex = note(plan, 'Latex#1');
    expect(latex.front).toBe('Fraction \\(\\frac{a}{b}\\)');
    expect(latex.back).toBe('Sum \\[x+y\\]');
  });

  it('should convert Anki due values to epoch ms and keep new positions', () => {
    const img = note(plan, 'Img&Guid1');
    const review = plan.cards.find((c) => c.noteId === img.id)!;
    expect(review.schedule).toEqual({ type: 2, dueAt: (CRT + 30 * 86400) * 1000, ivlDays: 10, factor: 2500, reps: 3, lapses: 0, suspended: false });
    const learning = plan.cards.find((c) => c.id === `${note(plan, 'Rev~Guid').id}-1`)!;
    expect(learning.schedule).toMatchObject({ type: 1, dueAt: LEARNING_DUE * 1000 });
    const typed = plan.cards.find((c) => c.noteId === note(plan, 'type-guid').id)!;
    expect(typed.newPosition).toBe(4);
    expect(typed.schedule?.suspended).toBe(true);
  });

  it('should drop manual revlog rows and attach reviews to plan card ids', () => {
    const ids = new Set(plan.cards.map((c) => c.id));
    expect(plan.revlog.every((r) => ids.has(r.cardId))).toBe(true);
    expect(plan.revlog.map((r) => r.rating)).toEqual([3, 3, 3, 1]);
    expect(plan.revlog[0]).toMatchObject({ time: 1_700_100_000_000, durationMs: 8000, kind: 0 });
  });

  it('should derive stable, id-safe ids from guids and deck names', async () => {
    const again = await readApkg(build(sql), 'fixture.apkg', { sql });
    expect(again.notes.map((n) => n.id)).toEqual(plan.notes.map((n) => n.id));
    expect(again.cards.map((c) => c.id)).toEqual(plan.cards.map((c) => c.id));
    expect(again.decks.map((d) => d.id)).toEqual(plan.decks.map((d) => d.id));
    for (const n of plan.notes) expect(n.id).toMatch(/^anki-[a-z0-9-]+$/);
    expect(note(plan, 'clozeguid').id).toBe('anki-clozeguid');
    expect(note(plan, 'type-guid').id).toBe('anki-type-guid');
    for (const c of plan.cards) expect(c.id).toBe(`${c.noteId}-${c.ord}`);
    for (const d of plan.decks) expect(d.id).toMatch(/^anki-deck-[0-9a-f]{16}$/);
  });
});

describe('readApkg: generation details', () => {
  it('should name .colpkg files as collection packages', async () => {
    const plan = await readApkg(buildLatestApkg(sql), 'collection.colpkg', { sql });
    expect(plan.format).toBe('colpkg-anki21b');
  });

  it('should be the same plan from every generation', async () => {
    const plans = await Promise.all([buildLegacyApkg(sql), buildStubFirstApkg(sql), buildLatestApkg(sql)].map((b) => readApkg(b, 'x.apkg', { sql })));
    const strip = (p: ImportPlan) => ({ ...p, format: '' });
    expect(strip(plans[1]!)).toEqual(strip(plans[0]!));
    expect(strip(plans[2]!)).toEqual(strip(plans[0]!));
  });

  it('should point Anki LaTeX at the rendered image when the package has it', async () => {
    const content = fixtureContent();
    content.media.push({ name: latexImageName('$\\frac{a}{b}$', false), data: TINY_PNG });
    const plan = await readApkg(buildLegacyApkg(sql, content), 'x.apkg', { sql });
    expect(note(plan, 'Latex#1').front).toBe(`Fraction <img class="latex" src="${latexImageName('$\\frac{a}{b}$', false)}">`);
    expect(plan.media).toHaveLength(2);
  });

  it('should keep unreferenced media of the map (with the first deck that has cards)', async () => {
    const content = fixtureContent();
    content.media.push({ name: 'unused.gif', data: new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61]) });
    const plan = await readApkg(buildLatestApkg(sql, content), 'x.apkg', { sql });
    expect(plan.stats.mediaInMap).toBe(2);
    expect(plan.media.find((m) => m.name === 'unused.gif')?.mime).toBe('image/gif');
  });

  it('should report progress up to 1 and honour an abort signal', async () => {
    const seen: number[] = [];
    await readApkg(buildLegacyApkg(sql), 'x.apkg', { sql, onProgress: (f) => seen.push(f) });
    expect(seen.at(-1)).toBe(1);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    const controller = new AbortController();
    controller.abort();
    await expect(readApkg(buildLegacyApkg(sql), 'x.apkg', { sql, signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});
