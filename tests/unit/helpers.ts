/** Shared fixtures for storage tests: fresh database names and small compiled decks. */
import type { CompiledDeck } from '../../src/formats/prepdeck/compiled';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/types';
import { AppError } from '../../src/core/errors';

let n = 0;
export function freshDbName(label: string): string {
  return `test-${label}-${Date.now()}-${n++}`;
}

export function settings(over: Partial<Settings> = {}): Settings {
  return { ...DEFAULT_SETTINGS, enableFuzz: false, ...over };
}

export function sampleDeck(id: string, count: number, over: Partial<CompiledDeck> = {}): CompiledDeck {
  return {
    id,
    name: `Deck ${id}`,
    description: 'test deck',
    hash: `h-${id}-${count}`,
    notes: Array.from({ length: count }, (_, i) => ({
      id: `${id}-q${i}`,
      kind: 'basic' as const,
      front: `Question ${i} of ${id}?`,
      back: `Answer ${i}.`,
      tags: [],
      topics: ['a.1'],
    })),
    ...over,
  };
}

/** A record without its change stamp: for comparing what a write did, not when it happened. */
export function withoutStamp<T>(record: T): T {
  if (!record || typeof record !== 'object') return record;
  const { mtime: _m, usn: _u, ...rest } = record as T & { mtime?: number; usn?: number };
  return rest as T;
}

/** The AppError a call throws (fails the test when it throws nothing or something else). */
export function errorOf(f: () => unknown): AppError {
  try {
    f();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}
