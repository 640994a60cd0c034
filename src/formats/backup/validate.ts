/**
 * Structural checks of `backup.json` before anything is restored: every record of every store
 * has the fields its type requires, with the right kinds of values, and ids are unique. The
 * first problem ends the check with a message naming the exact place ("cards[12].due").
 */
import { AppError, ErrorCode } from '../../core/errors';

type FieldSpec = 'string' | 'number' | 'integer' | 'boolean' | 'string[]' | 'number[]' | readonly (string | number)[] | { optional: FieldSpec } | { list: Shape } | { shape: Shape };
type Shape = Record<string, FieldSpec>;

const STATE = [0, 1, 2, 3] as const;

/** Fitted FSRS parameters and the record of the optimisation that produced them (presets, settings). */
const EVALUATION = { shape: { logLoss: 'number', rmseBins: 'number' } } as const;
const OPTIMISATION = {
  fsrsParams: { optional: 'number[]' },
  lastOptimisation: { optional: { shape: { at: 'number', reviewsUsed: 'integer', reviewsTotal: 'integer', capped: 'boolean', current: EVALUATION, fitted: EVALUATION, adopted: 'boolean', splits: { optional: 'integer' }, testedItems: { optional: 'integer' } } } },
} as const;

const SHAPES = {
  // Stamps (`mtime`, `usn`) and note fields arrived with the record layer; backups made before
  // it have `updatedAt` instead, and restore fills in the rest (storage/snapshot.ts).
  deck: { id: 'string', name: 'string', description: 'string', source: ['builtin', 'import', 'user'], createdAt: 'number', presetId: { optional: 'string' }, mtime: { optional: 'number' }, usn: { optional: 'integer' }, updatedAt: { optional: 'number' } },
  note: {
    id: 'string', deckId: 'string', kind: ['basic', 'reversed', 'cloze', 'type-in'], format: ['markdown', 'html'], front: 'string', back: 'string',
    answer: { optional: 'string' }, sides: { optional: { list: { front: 'string', back: 'string', typeAnswer: { optional: 'string' } } } },
    tags: 'string[]', topics: 'string[]', difficulty: { optional: ['easy', 'medium', 'hard'] }, story: { optional: 'boolean' },
    guid: { optional: 'string' }, mtime: 'number', usn: { optional: 'integer' }, updatedAt: { optional: 'number' },
    noteTypeId: { optional: 'string' }, fields: { optional: 'string[]' }, source: { optional: ['builtin', 'import', 'user'] },
    srcMtime: { optional: 'number' }, editedAt: { optional: 'number' }, importedAt: { optional: 'number' }, addedAt: { optional: 'number' },
    original: { optional: { shape: { fields: 'string[]', tags: 'string[]' } } },
  },
  preset: {
    id: 'string', name: 'string', newPerDay: 'integer', reviewsPerDay: 'integer', desiredRetention: 'number', learningSteps: 'string[]',
    relearningSteps: 'string[]', maximumInterval: 'integer', buryNewSiblings: 'boolean', buryReviewSiblings: 'boolean', mtime: 'number', usn: 'integer',
    ...OPTIMISATION,
  },
  noteType: {
    id: 'string', name: 'string', kind: ['basic', 'reversed', 'cloze', 'type-in'], format: ['markdown', 'html'], fields: 'string[]',
    templates: { list: { name: 'string', qfmt: 'string', afmt: 'string' } }, css: 'string', builtin: 'boolean', latexSvg: { optional: 'boolean' },
    mtime: 'number', usn: 'integer',
  },
  card: {
    id: 'string', noteId: 'string', deckId: 'string', ord: 'integer', due: 'number', stability: 'number', difficulty: 'number',
    elapsed_days: 'number', scheduled_days: 'number', learning_steps: 'number', reps: 'number', lapses: 'number', state: STATE,
    last_review: { optional: 'number' }, suspended: 'boolean', bucket: [-2, -1, 0, 1, 2], buriedUntil: { optional: 'number' },
    flag: { optional: [1, 2, 3, 4] }, mtime: { optional: 'number' }, usn: { optional: 'integer' },
  },
  review: {
    id: 'string', cardId: 'string', deckId: 'string', time: 'number', rating: [1, 2, 3, 4], stateBefore: STATE, stateAfter: STATE,
    stabilityBefore: 'number', stabilityAfter: 'number', difficultyBefore: 'number', difficultyAfter: 'number', dueBefore: 'number',
    dueAfter: 'number', scheduledDays: 'number', elapsedDays: 'number', durationMs: 'number', source: { optional: ['review', 'import'] },
  },
  media: { id: 'string', deckId: 'string', name: 'string', mime: 'string', member: 'string', size: 'integer' },
  story: { noteId: 'string', text: 'string', updatedAt: 'number' },
  settings: {
    desiredRetention: 'number', maximumInterval: 'number', learningSteps: 'string[]', relearningSteps: 'string[]', newPerDay: 'number',
    reviewsPerDay: 'number', enableFuzz: 'boolean', dayStartHour: 'number', theme: ['system', 'light', 'dark'], lastBackupAt: { optional: 'number' },
    allNewPerDay: { optional: 'integer' }, allReviewsPerDay: { optional: 'integer' }, buryNewSiblings: { optional: 'boolean' }, buryReviewSiblings: { optional: 'boolean' }, speech: { optional: { shape: { voice: { optional: 'string' }, rate: 'number', pauseSeconds: 'number' } } }, studyTime: { optional: 'string' }, remind: { optional: 'boolean' }, swipe: { optional: { shape: { enabled: 'boolean', left: [0, 1, 2, 3, 4], right: [0, 1, 2, 3, 4], up: [0, 1, 2, 3, 4] } } },
    autoplayAudio: { optional: { shape: { front: 'boolean', back: 'boolean' } } },
    ...OPTIMISATION,
  },
} as const satisfies Record<string, Shape>;

function invalid(message: string): AppError {
  return new AppError(ErrorCode.InvalidBackup, `This backup cannot be restored: ${message}`);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return `the text ${JSON.stringify(v.length > 30 ? `${v.slice(0, 30)}…` : v)}`;
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}

function checkField(v: unknown, spec: FieldSpec, path: string): void {
  if (typeof spec === 'object' && !Array.isArray(spec) && 'optional' in spec) {
    if (v !== undefined) checkField(v, spec.optional, path);
    return;
  }
  if (typeof spec === 'object' && !Array.isArray(spec) && 'shape' in spec) {
    checkShape(v, spec.shape, path);
    return;
  }
  if (typeof spec === 'object' && !Array.isArray(spec) && 'list' in spec) {
    if (!Array.isArray(v)) throw invalid(`${path} should be a list but is ${describe(v)}.`);
    v.forEach((item, i) => checkShape(item, spec.list, `${path}[${i}]`));
    return;
  }
  if (Array.isArray(spec)) {
    if (!spec.includes(v as string | number)) throw invalid(`${path} should be one of ${spec.map((s) => JSON.stringify(s)).join(', ')} but is ${describe(v)}.`);
    return;
  }
  const ok =
    spec === 'string' ? typeof v === 'string'
    : spec === 'boolean' ? typeof v === 'boolean'
    : spec === 'number' ? typeof v === 'number' && Number.isFinite(v)
    : spec === 'integer' ? Number.isInteger(v)
    : spec === 'number[]' ? Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x))
    : Array.isArray(v) && v.every((s) => typeof s === 'string');
  if (!ok) throw invalid(`${path} should be ${spec === 'string[]' ? 'a list of texts' : spec === 'number[]' ? 'a list of numbers' : spec === 'integer' ? 'a whole number' : spec === 'number' ? 'a number' : `a ${spec === 'string' ? 'text' : 'true/false value'}`} but is ${describe(v)}.`);
}

export function checkShape(v: unknown, shape: Shape, path: string): void {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw invalid(`${path} should be an object but is ${describe(v)}.`);
  const record = v as Record<string, unknown>;
  for (const [key, spec] of Object.entries(shape)) checkField(record[key], spec, `${path}.${key}`);
}

function checkList(v: unknown, shape: Shape, name: string, idKey: string | undefined): void {
  if (!Array.isArray(v)) throw invalid(`"${name}" should be a list but is ${describe(v)}.`);
  const ids = new Set<unknown>();
  v.forEach((item, i) => {
    checkShape(item, shape, `${name}[${i}]`);
    if (idKey === undefined) return;
    const id = (item as Record<string, unknown>)[idKey];
    if (ids.has(id)) throw invalid(`${name}[${i}] repeats the ${idKey} ${JSON.stringify(id)} of an earlier entry.`);
    ids.add(id);
  });
}

/** Throws InvalidBackup unless `json` is a complete version-1 backup document. */
export function validateBackupJson(json: unknown, format: string): void {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw invalid('backup.json does not hold an object.');
  const b = json as Record<string, unknown>;
  if (b.format !== format) throw invalid('backup.json is not a Prepdeck backup document.');
  if (typeof b.version === 'number' && b.version > 1) throw invalid(`it was made by a newer version of Prepdeck (backup version ${b.version}). Update the app and try again.`);
  if (b.version !== 1) throw invalid(`its version is ${describe(b.version)}, expected 1.`);
  checkField(b.exportedAt, 'number', 'exportedAt');
  checkField(b.appVersion, 'string', 'appVersion');
  checkList(b.decks, SHAPES.deck, 'decks', 'id');
  if (b.noteTypes !== undefined) checkList(b.noteTypes, SHAPES.noteType, 'noteTypes', 'id');
  if (b.presets !== undefined) checkList(b.presets, SHAPES.preset, 'presets', 'id');
  checkList(b.notes, SHAPES.note, 'notes', 'id');
  checkList(b.cards, SHAPES.card, 'cards', 'id');
  checkList(b.revlog, SHAPES.review, 'revlog', 'id');
  checkList(b.media, SHAPES.media, 'media', 'id');
  checkList(b.stories, SHAPES.story, 'stories', 'noteId');
  checkShape(b.settings, SHAPES.settings, 'settings');
}
