/**
 * Anki decks to plan decks. Cards in a filtered deck go to their home deck (`odid`); filtered
 * decks themselves are not created. Missing parents are created (a deck `A::B` without an `A`
 * row), and the empty `Default` deck every collection has is left out.
 */
import { deckAncestors, deckIdForName } from '../shared/ids';
import type { PlanDeck } from '../plan';
import type { AnkiCardRow, AnkiDeck } from './model';

const DEFAULT_DECK_ID = 1;

export interface DeckResolver {
  /** The full deck name a card belongs to, after filtered decks are resolved. */
  nameFor(card: AnkiCardRow): string;
  /** All decks to create, parents before children, given the names that hold cards. */
  planDecks(namesWithCards: ReadonlySet<string>): PlanDeck[];
}

function compareNames(a: string, b: string): number {
  // Anki sorts deck names with its "unicase" collation; case-insensitive code-point order is close.
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

export function deckResolver(decks: ReadonlyMap<number, AnkiDeck>): DeckResolver {
  const defaultName = decks.get(DEFAULT_DECK_ID)?.name ?? 'Default';
  const homeName = (id: number): string | undefined => {
    const d = decks.get(id);
    return d && !d.filtered ? d.name : undefined;
  };
  return {
    nameFor(card) {
      return (card.odid !== 0 ? homeName(card.odid) : undefined) ?? homeName(card.did) ?? defaultName;
    },
    planDecks(namesWithCards) {
      const byName = new Map<string, PlanDeck>();
      const add = (name: string, description = '') => {
        if (byName.has(name.toLowerCase())) return;
        byName.set(name.toLowerCase(), { id: deckIdForName(name), name, ...(description ? { description } : {}) });
      };
      const wanted = new Set<string>(namesWithCards);
      for (const d of decks.values()) {
        if (d.filtered) continue;
        // The Default deck exists in every collection; only bring it over when it holds cards.
        if ((d.id === DEFAULT_DECK_ID || d.name.toLowerCase() === 'default') && !namesWithCards.has(d.name)) continue;
        wanted.add(d.name);
      }
      for (const name of [...wanted]) for (const parent of deckAncestors(name)) wanted.add(parent);
      const described = new Map([...decks.values()].map((d) => [d.name, d.description]));
      for (const name of [...wanted].sort(compareNames)) add(name, described.get(name) ?? '');
      return [...byName.values()];
    },
  };
}
