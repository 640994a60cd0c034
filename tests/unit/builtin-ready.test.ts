/**
 * Screens read the collection alongside the built-in deck check instead of after it, and read
 * again when the sync wrote something meanwhile.
 */
import { describe, expect, it, vi } from 'vitest';

let releaseSync: (changed: string[]) => void = () => undefined;
vi.mock('../../src/app/builtin-load', () => ({
  loadBuiltinIndex: vi.fn(async () => ({ decks: [{ id: 'algorithms', hash: 'new', file: 'algorithms.json' }] })),
  loadBuiltinDecks: vi.fn(() => new Promise<string[]>((r) => (releaseSync = r))),
}));
vi.mock('../../src/storage/builtin-check', () => ({ builtinDecksToApply: vi.fn(async (index: { decks: unknown[] }) => index.decks) }));

const { afterBuiltinDecks } = await import('../../src/app/builtin');
const { loadBuiltinDecks } = await import('../../src/app/builtin-load');

describe('reading after the built-in decks', () => {
  it('reads at once, reads again when the sync changed decks, and afterwards reads once', async () => {
    const reads: string[] = [];
    let phase = 'during sync';
    const read = async () => {
      reads.push(phase);
      return phase;
    };
    const first = afterBuiltinDecks(read);
    // The read starts while the sync (here: waiting for release) is still running.
    await vi.waitFor(() => expect(loadBuiltinDecks).toHaveBeenCalled());
    expect(reads).toEqual(['during sync']);
    phase = 'after sync';
    releaseSync(['algorithms']);
    expect(await first).toBe('after sync');
    expect(reads).toEqual(['during sync', 'after sync']);
    expect(await afterBuiltinDecks(read)).toBe('after sync');
    expect(reads).toHaveLength(3);
  });
});
