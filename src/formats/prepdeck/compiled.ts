/** The JSON shape the build writes for each built-in deck (scripts/compile-decks.ts). */
import type { Difficulty, NoteKind } from '../../core/types';

export interface CompiledNote {
  id: string;
  kind: NoteKind;
  front: string;
  back: string;
  answer?: string;
  tags: string[];
  topics: string[];
  difficulty?: Difficulty;
  story?: boolean;
}

export interface CompiledDeck {
  id: string;
  name: string;
  description: string;
  /** Content hash: the loader skips a deck whose hash it already applied. */
  hash: string;
  notes: CompiledNote[];
}

export interface CompiledIndex {
  version: string;
  decks: { id: string; name: string; file: string; hash: string; cards: number }[];
}
